//! `memcmp` (and `bcmp`) for the wasm speed build. On wasm32 they come from compiler-builtins,
//! which compares byte by byte: ~2 % of a large check in gouji_fast (string keys in the t10
//! matching's maps, sorting by text), where the native build calls the C library's vectorized
//! one. Eight bytes at a time here; the strong symbols take the place of compiler-builtins'
//! weak ones at link time.

/// The sign of the first differing byte of `a` and `b` (as unsigned), over `n` bytes.
///
/// # Safety
/// `a` and `b` are readable for `n` bytes.
// Not inlined: a call, as compiler-builtins' was (inlined at every comparison, +5 KB gzipped).
#[inline(never)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: i + 8 <= n bytes are readable; wasm loads need no alignment.
        let (x, y) = unsafe {
            (
                a.add(i).cast::<u64>().read_unaligned(),
                b.add(i).cast::<u64>().read_unaligned(),
            )
        };
        if x != y {
            // The first differing byte in memory decides: the most significant one big-endian.
            return if x.swap_bytes() < y.swap_bytes() {
                -1
            } else {
                1
            };
        }
        i += 8;
    }
    while i < n {
        // SAFETY: i < n.
        let (x, y) = unsafe { (*a.add(i), *b.add(i)) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// Zero when the `n` bytes of `a` and `b` are equal (what `==` on slices calls).
///
/// # Safety
/// As [`memcmp`]'s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: as the caller's.
    unsafe { memcmp(a, b, n) }
}
