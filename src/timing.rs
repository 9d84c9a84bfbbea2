//! Phase timings for profiling the core natively: with `GOUJI_TIMINGS=1` in the environment each
//! timed phase (ingest, every rule, culprit marking) prints its wall time to stderr. Costs one
//! environment look-up per check when off; compiled out of the wasm build.

#[cfg(not(target_arch = "wasm32"))]
pub fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("GOUJI_TIMINGS").is_some())
}

#[cfg(target_arch = "wasm32")]
pub fn enabled() -> bool {
    false
}

/// Run `f`, printing how long it took when timings are enabled.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    #[cfg(not(target_arch = "wasm32"))]
    if enabled() {
        let start = std::time::Instant::now();
        let out = f();
        eprintln!("{:>9.2} ms  {name}", start.elapsed().as_secs_f64() * 1000.0);
        return out;
    }
    let _ = name;
    f()
}
