//! The size-built wasm modules' allocator: talc, with freed blocks of up to 64 bytes kept in one
//! free list per 8-byte size class and handed out again without asking talc. A check makes and
//! drops thousands of small strings and vectors (codes, keys, cell names); talc's bins took ~10 %
//! of the sample's check in the core module (register/deregister of gaps on every call).
//! Single-threaded: wasm32 without atomics, where these modules run.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// Size classes 8, 16, …, 64 bytes (alignment up to 8).
const CLASSES: usize = 8;

pub struct Cached<A> {
    inner: A,
    /// Each class's most recently freed block, which holds the next one's address.
    free: UnsafeCell<[*mut u8; CLASSES]>,
}

// SAFETY: the wasm32 modules have one thread (no atomics), so nothing shares `free` (natively
// only this module's test uses it, on one thread).
unsafe impl<A: Sync> Sync for Cached<A> {}

impl<A> Cached<A> {
    pub const fn new(inner: A) -> Self {
        Cached {
            inner,
            free: UnsafeCell::new([std::ptr::null_mut(); CLASSES]),
        }
    }
}

/// The class of a layout, when it has one.
fn class(size: usize, align: usize) -> Option<usize> {
    (size <= CLASSES * 8 && align <= 8).then(|| size.saturating_sub(1) / 8)
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for Cached<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout.size(), layout.align()) else {
            // SAFETY: as the caller's.
            return unsafe { self.inner.alloc(layout) };
        };
        // SAFETY: one thread; a listed block is one of this class that was freed, and its first
        // word (8-aligned, at least 8 bytes) holds the next listed block.
        unsafe {
            let head = &mut (*self.free.get())[c];
            if head.is_null() {
                // A whole class's size, so the block can serve any layout of its class later.
                self.inner
                    .alloc(Layout::from_size_align_unchecked((c + 1) * 8, 8))
            } else {
                let block = *head;
                *head = *block.cast::<*mut u8>();
                block
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match class(layout.size(), layout.align()) {
            // SAFETY: `ptr` is a block of this class (alloc and realloc give a classed layout only
            // classed blocks), no longer used by the caller.
            Some(c) => unsafe {
                let head = &mut (*self.free.get())[c];
                *ptr.cast::<*mut u8>() = *head;
                *head = ptr;
            },
            // SAFETY: as the caller's.
            None => unsafe { self.inner.dealloc(ptr, layout) },
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class(layout.size(), layout.align());
        let new = class(new_size, layout.align());
        if old.is_none() && new.is_none() {
            // SAFETY: as the caller's; neither size is classed.
            return unsafe { self.inner.realloc(ptr, layout, new_size) };
        }
        if old == new {
            // The block already has its class's whole size.
            return ptr;
        }
        // Into or out of a class, or between two: a new block, as GlobalAlloc's default does.
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let block = self.alloc(new_layout);
            if !block.is_null() {
                std::ptr::copy_nonoverlapping(ptr, block, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            block
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cached;
    use std::alloc::{GlobalAlloc, Layout, System};

    #[test]
    fn blocks_keep_their_bytes_through_alloc_realloc_and_reuse() {
        // Random sizes around the classes' edges, grown and shrunk across them, each block filled
        // with its own byte and checked before it is resized or freed.
        let a = Cached::new(System);
        let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
        let mut seed: u64 = 99;
        for step in 0..20_000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let size = 1 + (seed % 100) as usize;
            let align = [1, 2, 4, 8, 16][(seed >> 8) as usize % 5];
            let check = |p: *mut u8, l: Layout, b: u8| {
                // SAFETY: `p` is a live block of `l.size()` bytes.
                assert!((0..l.size()).all(|i| unsafe { *p.add(i) } == b));
            };
            unsafe {
                match (seed >> 16) % 3 {
                    0 if !live.is_empty() => {
                        let (p, l, b) = live.swap_remove((seed >> 20) as usize % live.len());
                        check(p, l, b);
                        a.dealloc(p, l);
                    }
                    1 if !live.is_empty() => {
                        let i = (seed >> 20) as usize % live.len();
                        let (p, l, b) = live[i];
                        check(p, l, b);
                        let q = a.realloc(p, l, size);
                        let nl = Layout::from_size_align(size, l.align()).unwrap();
                        check(
                            q,
                            Layout::from_size_align(size.min(l.size()), 1).unwrap(),
                            b,
                        );
                        q.write_bytes(b, size);
                        live[i] = (q, nl, b);
                    }
                    _ => {
                        let l = Layout::from_size_align(size, align).unwrap();
                        let p = a.alloc(l);
                        assert!(!p.is_null() && (p as usize).is_multiple_of(align));
                        let b = step as u8;
                        p.write_bytes(b, size);
                        live.push((p, l, b));
                    }
                }
            }
        }
        for (p, l, _) in live {
            unsafe { a.dealloc(p, l) };
        }
    }
}
