//! How one fuzz input becomes several named files, shared by the `check` fuzz target, the
//! crash-regression test and the seed-corpus builder. Parts are separated by the two bytes
//! 0x1E 0x1D (never in a real export); the first byte of each part picks the file's extension,
//! the rest are its bytes. At most 8 files, so one input cannot turn into a huge batch.

use gouji::Input;

pub const SEPARATOR: &[u8] = b"\x1e\x1d";
pub const EXTENSIONS: [&str; 8] = [".csv", ".txt", ".xlsx", ".xls", ".tsv", ".md", "", ".CSV"];
const MAX_FILES: usize = 8;

pub fn split(data: &[u8]) -> Vec<Input> {
    let mut inputs = Vec::new();
    let mut rest = data;
    while inputs.len() < MAX_FILES {
        let (part, next) = match find(rest, SEPARATOR) {
            Some(i) => (&rest[..i], Some(&rest[i + SEPARATOR.len()..])),
            None => (rest, None),
        };
        let (ext, bytes) = match part.split_first() {
            Some((b, bytes)) => (EXTENSIONS[*b as usize % EXTENSIONS.len()], bytes),
            None => (EXTENSIONS[0], part),
        };
        inputs.push(Input::new(format!("f{}{ext}", inputs.len()), bytes));
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    inputs
}

/// The inverse for seeds: files (extension index, bytes) → one fuzz input.
#[allow(dead_code)]
pub fn join(files: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (ext, bytes)) in files.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(SEPARATOR);
        }
        out.push(*ext);
        out.extend_from_slice(bytes);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
