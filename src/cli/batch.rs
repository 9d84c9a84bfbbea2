//! Many departments at once: one department per folder. `departments` groups the files under the
//! given paths by the folder that directly holds them; `check_all` checks each department
//! independently, in parallel (rayon), keeping the input order.

use gouji::report::Report;
use gouji::{Input, Options, Prepared, check_owned};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

pub struct Department {
    /// The folder's path as given (relative to the argument), or the single file list's folder.
    pub name: String,
    pub files: Vec<PathBuf>,
}

/// Group the files under `paths` into departments: files named directly on the command line form
/// one department together; inside a directory, each folder that directly holds files is one.
pub fn departments(paths: &[PathBuf]) -> io::Result<Vec<Department>> {
    let mut loose = Vec::new();
    let mut by_folder: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut by_folder)?;
        } else {
            std::fs::metadata(p)?;
            loose.push(p.clone());
        }
    }
    let mut out = Vec::new();
    if !loose.is_empty() {
        let name = loose[0]
            .parent()
            .map(|d| d.display().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ".".to_string());
        out.push(Department { name, files: loose });
    }
    out.extend(by_folder.into_iter().map(|(folder, files)| Department {
        name: folder.display().to_string(),
        files,
    }));
    Ok(out)
}

fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<PathBuf>>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, out)?;
        } else {
            out.entry(dir.to_path_buf()).or_default().push(e);
        }
    }
    Ok(())
}

/// Read a department's files; an unreadable file is an I/O error for the whole run (exit 2). A
/// file over `max_file_bytes` is not read: the check reports it by its size.
pub fn read_inputs(dept: &Department, max_file_bytes: Option<u64>) -> io::Result<Vec<Input>> {
    dept.files
        .iter()
        .map(|f| {
            let failed = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", f.display()));
            let name = f
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let size = std::fs::metadata(f).map_err(failed)?.len();
            if max_file_bytes.is_some_and(|limit| size > limit) {
                return Ok(Input::prepared(name, Prepared::TooLarge(size)));
            }
            Ok(Input::new(name, std::fs::read(f).map_err(failed)?))
        })
        .collect()
}

/// Check every department in parallel; results in input order.
pub fn check_all(depts: &[Department], options: &Options) -> io::Result<Vec<Report>> {
    depts
        .par_iter()
        .map(|d| read_inputs(d, options.max_file_bytes).map(|inputs| check_owned(inputs, options)))
        .collect()
}

/// A file-system-safe name for a department's report file.
pub fn report_file_name(dept_name: &str) -> String {
    let cleaned: String = dept_name
        .trim_start_matches("./")
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!(
        "{}.json",
        if cleaned.is_empty() {
            "department".to_string()
        } else {
            cleaned
        }
    )
}

/// One CSV row per department (UTF-8 with BOM so Excel opens it): 部门,错误,警告,提示,文件数,识别的表.
pub fn summary_csv(depts: &[Department], reports: &[Report]) -> String {
    let mut out = String::from("\u{feff}部门,错误,警告,提示,文件数,识别的表\r\n");
    for (d, r) in depts.iter().zip(reports) {
        let tables: Vec<&str> = r.inputs.iter().filter_map(|i| i.table.as_deref()).collect();
        out.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            csv_field(&d.name),
            r.summary.errors,
            r.summary.warnings,
            r.summary.infos,
            d.files.len(),
            csv_field(&tables.join(" "))
        ));
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_folder_that_holds_files() {
        let root = std::env::temp_dir().join(format!("gouji-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (dir, file) in [
            ("a", "1.csv"),
            ("a", "2.csv"),
            ("b/c", "1.csv"),
            ("b", "x.txt"),
        ] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            std::fs::write(root.join(dir).join(file), "x").unwrap();
        }
        let depts = departments(std::slice::from_ref(&root)).unwrap();
        let names: Vec<String> = depts
            .iter()
            .map(|d| {
                d.name
                    .trim_start_matches(&root.display().to_string())
                    .to_string()
            })
            .collect();
        assert_eq!(names, vec!["/a", "/b", "/b/c"]);
        assert_eq!(depts[0].files.len(), 2);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn csv_quotes_and_names_are_safe() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(report_file_name("./x/y:z"), "x_y_z.json");
    }
}
