//! The native hosts' allocator setting (the CLI and the bench call [`give_back_large_blocks`]
//! first thing). glibc serves large blocks with their own mappings, returned to the system when
//! freed, but after the first such free it raises that threshold (up to 32 MB) and serves them
//! from its heap, which it keeps: a check frees its input files' bytes once read, then builds the
//! report, and kept that memory besides (peak RSS 3.2× the input on the synthetic department,
//! ~2.9× with the threshold fixed). The price is fresh pages for each large block: some system
//! time (≈ 0.05 s on a 102 MB department; within the machine's noise in the bench's A/B runs).

/// Fix glibc's mmap threshold at its default (128 KiB), so large freed blocks go back at once.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back_large_blocks() {
    use std::ffi::c_int;
    unsafe extern "C" {
        /// glibc's `mallopt(3)`: sets an allocator parameter; no memory is touched.
        safe fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    /// From glibc's malloc.h.
    const M_MMAP_THRESHOLD: c_int = -3;
    mallopt(M_MMAP_THRESHOLD, 128 << 10);
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_large_blocks() {}
