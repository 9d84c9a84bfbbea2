//! Phase timings for profiling the core natively: with `GOUJI_TIMINGS=1` in the environment each
//! timed phase (ingest, every rule, culprit marking) prints its wall time to stderr, with the
//! thread it ran on and when it started and ended (ms since the first timed phase): the rules
//! run on rayon's threads, and how they share them decides the check's wall time. Costs one
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
        static T0: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let t0 = *T0.get_or_init(std::time::Instant::now);
        let start = std::time::Instant::now();
        let out = f();
        let thread = rayon::current_thread_index().map_or("main".into(), |i| format!("thread {i}"));
        eprintln!(
            "{:>9.2} ms  {name}  ({thread}, {:.1}..{:.1} ms)",
            start.elapsed().as_secs_f64() * 1000.0,
            (start - t0).as_secs_f64() * 1000.0,
            t0.elapsed().as_secs_f64() * 1000.0
        );
        return out;
    }
    let _ = name;
    f()
}
