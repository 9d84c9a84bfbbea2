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

/// [`map`], the calls started in the order `first` gives (indices into `items`; the rest follow
/// in their own order): each thread takes the next item not yet started, so long items given
/// first leave the short ones to fill the threads' ends. Results in the items' order. Native
/// only (the wasm build runs items in their order).
#[cfg(not(target_arch = "wasm32"))]
pub fn map_longest_first<T: Sync, R: Send>(
    items: &[T],
    first: &[usize],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut order: Vec<usize> = first.iter().copied().filter(|&i| i < items.len()).collect();
    let mut given = vec![false; items.len()];
    order.retain(|&i| !std::mem::replace(&mut given[i], true));
    order.extend((0..items.len()).filter(|&i| !given[i]));
    let next = AtomicUsize::new(0);
    let done: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    // One taker per thread of the pool, each taking items until none is left. Spawned, not
    // broadcast: a broadcast waits for every thread, and in a batch (departments checked in
    // parallel) a thread busy with another department meanwhile started more of them (peak
    // memory of 1 000 departments 112 → 170 MB).
    let take = || {
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let r = f(&items[i]);
            *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
        }
    };
    rayon::scope(|s| {
        for _ in 0..rayon::current_num_threads().min(order.len()) {
            s.spawn(|_| take());
        }
    });
    done.into_iter()
        .map(|r| {
            let r = r.into_inner().unwrap_or_else(|e| e.into_inner());
            r.expect("every item is taken once")
        })
        .collect()
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn longest_first_answers_in_the_items_order_once_each() {
        let items: Vec<u32> = (0..50).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        // Repeated and out-of-range indices in `first` are ignored.
        let doubled = super::map_longest_first(&items, &[7, 3, 7, 99, 49], |&x| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            x * 2
        });
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(calls.into_inner(), items.len());
    }
}
