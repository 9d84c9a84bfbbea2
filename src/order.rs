//! One sort for the crate. Every `sort`/`sort_by` on another element type or with another closure
//! is a new copy of the standard library's sorting code (≈ 3–5 KB of the page's wasm each), so
//! the crate sorts lists of indices, through these two functions only.

use std::cmp::Ordering;

/// Sort `v` by `cmp` (not stable: equal elements may come in any order).
pub fn sort(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    v.sort_unstable_by(|&a, &b| cmp(a, b));
}

/// The indices `0..n` in the order `cmp` gives them, ties in index order (a stable sort's).
pub fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    sort(&mut order, &|a, b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// `items` sorted by `cmp`, stably.
pub fn stable_sorted<T>(items: Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_keeps_ties_in_order() {
        let mut v = vec![5, 3, 9, 3, 0];
        sort(&mut v, &|a, b| a.cmp(&b));
        assert_eq!(v, [0, 3, 3, 5, 9]);
        let items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        let mut want = items.clone();
        want.sort_by_key(|p| p.0);
        assert_eq!(stable_sorted(items, &|x, y| x.0.cmp(&y.0)), want);
    }

    proptest::proptest! {
        #[test]
        fn stable_sorted_is_a_stable_sort(v in proptest::collection::vec((0u8..4, 0u16..1000), 0..200)) {
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            assert_eq!(stable_sorted(v, &|x, y| x.0.cmp(&y.0)), want);
        }
    }
}
