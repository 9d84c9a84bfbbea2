//! Timing driver for `npm run bench` (bench/run.mjs): reads every file of a directory into
//! memory, then times one operation on those bytes and prints one JSON line.
//!
//!   bench csv DIR [REPS]     the csv crate parsing every file, nothing else (the floor)
//!   bench check DIR [REPS]   gouji::check_owned on the department (the full check)
//!
//! Reading the files is not timed; the median of REPS runs is reported. Peak memory is measured
//! from outside (bench/run.mjs runs this under /usr/bin/time -v).

use std::time::Instant;

fn main() {
    // As the CLI does (peak memory is measured on this process).
    gouji::memory::give_back_large_blocks();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench csv|check DIR [REPS]");
        std::process::exit(2);
    };
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let mut first = Some(read_dir(dir));
    let given = first.iter().flatten();
    let (bytes, files) = (
        given.clone().map(|i| i.bytes.len()).sum::<usize>(),
        given.count(),
    );
    let mut times = Vec::new();
    let mut answer = 0usize;
    for _ in 0..reps {
        // Read afresh for each run (untimed): the check takes the inputs, as the CLI does, and
        // frees them once read, so one copy is held at a time.
        let inputs = first.take().unwrap_or_else(|| read_dir(dir));
        let start = Instant::now();
        answer = match mode.as_str() {
            "csv" => inputs.iter().map(|i| parse_only(&i.bytes)).sum(),
            "check" => {
                let report = gouji::check_owned(inputs, &gouji::Options::default());
                report.findings.len()
            }
            _ => {
                eprintln!("unknown mode {mode}");
                std::process::exit(2);
            }
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"mode\":\"{mode}\",\"bytes\":{bytes},\"files\":{},\"ms\":{:.3},\"min_ms\":{:.3},\"reps\":{reps},\"answer\":{answer}}}",
        files,
        times[times.len() / 2],
        times[0],
    );
}

/// Every record and field of a CSV file, as the csv crate reads it; returns the field count.
fn parse_only(bytes: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        fields += record.len();
    }
    fields
}

fn read_dir(dir: &str) -> Vec<gouji::Input> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            gouji::Input::new(name, std::fs::read(p).unwrap_or_default())
        })
        .collect()
}
