//! Independent work run in parallel natively (rayon) and in order in the wasm build (one thread,
//! no rayon). Results always come back in the items' order, so reports do not depend on it.

/// `items.iter().map(f).collect()`, the calls spread over threads natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

#[cfg(target_arch = "wasm32")]
pub fn map<'a, T, R>(items: &'a [T], f: impl Fn(&'a T) -> R) -> Vec<R> {
    items.iter().map(f).collect()
}

/// `(a(), b())`, the two run in parallel natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    rayon::join(a, b)
}

#[cfg(target_arch = "wasm32")]
pub fn join<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
    (a(), b())
}
