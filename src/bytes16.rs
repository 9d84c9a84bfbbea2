//! Byte search sixteen bytes at a time, for the speed builds (`crate::FOR_SPEED`): the CSV
//! splitter's delimiters and line breaks, a data row's 计. With wasm SIMD (simd128) in the wasm
//! speed build, SSE2 on x86-64 (always there), plain bytes elsewhere. The page's core module
//! calls none of it (its callers are behind `FOR_SPEED`), so it carries none of it.

/// A block of the input: sixteen bytes.
pub type Block = [u8; 16];

/// Bit `i` set when `block[i]` is `a`, `b` or `c`.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
pub fn mask3(block: &Block, a: u8, b: u8, c: u8) -> u32 {
    use core::arch::wasm32::{i8x16_bitmask, i8x16_eq, u8x16_splat, v128, v128_load, v128_or};
    // SAFETY: `block` is sixteen readable bytes, and v128.load has no alignment requirement.
    let x = unsafe { v128_load(block.as_ptr().cast::<v128>()) };
    let eq = |byte: u8| i8x16_eq(x, u8x16_splat(byte));
    u32::from(i8x16_bitmask(v128_or(v128_or(eq(a), eq(b)), eq(c))))
}

/// Bit `i` set when `block[i]` is `a`, `b` or `c`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn mask3(block: &Block, a: u8, b: u8, c: u8) -> u32 {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 CPU (the target's baseline); `block` is sixteen
    // readable bytes, and movdqu has no alignment requirement.
    unsafe {
        let x = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let eq = |byte: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(byte as i8));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(eq(a), eq(b)), eq(c))) as u32
    }
}

/// Bit `i` set when `block[i]` is `a`, `b` or `c`.
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
#[inline(always)]
pub fn mask3(block: &Block, a: u8, b: u8, c: u8) -> u32 {
    block
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x == a || x == b || x == c) << i)
        .fold(0, |m, bit| m | bit)
}

/// The masks ([`mask3`]) of the blocks of `bytes`, with their offsets. A last partial block is
/// read as the sixteen bytes that end `bytes` (the bits of those already read dropped), or byte
/// by byte when `bytes` is shorter: never copied into a padded block, as memory.copy and
/// memory.fill are calls out of V8's code (two a call for a row's text).
#[cfg(target_arch = "wasm32")]
#[inline(always)]
pub fn masks(bytes: &[u8], a: u8, b: u8, c: u8) -> impl Iterator<Item = (usize, u32)> + '_ {
    let whole = bytes.chunks_exact(16);
    let rest = whole.remainder().len();
    let tail = (rest > 0).then(|| {
        let at = bytes.len() - rest;
        let last = bytes.len().checked_sub(16).map(|from| &bytes[from..]);
        let mask = match last.and_then(|last| <&Block>::try_from(last).ok()) {
            Some(last) => mask3(last, a, b, c) >> (16 - rest),
            None => bytes[at..]
                .iter()
                .enumerate()
                .map(|(i, &x)| u32::from(x == a || x == b || x == c) << i)
                .fold(0, |m, bit| m | bit),
        };
        (at, mask)
    });
    whole
        .map(move |block| <&Block>::try_from(block).map_or(0, |block| mask3(block, a, b, c)))
        .enumerate()
        .map(|(n, mask)| (n * 16, mask))
        .chain(tail)
}

/// The masks ([`mask3`]) of the blocks of `bytes`, with their offsets, a last partial block
/// copied into a zero-padded one (its padding's bits dropped). Natively the copy is cheap, and
/// this compiles tighter than the wasm variant (the two-halves CSV parse 201 -> 196 M
/// instructions on a 25 MB synth, single-threaded).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub fn masks(bytes: &[u8], a: u8, b: u8, c: u8) -> impl Iterator<Item = (usize, u32)> + '_ {
    let whole = bytes.chunks_exact(16);
    let rest = whole.remainder();
    let last = (!rest.is_empty()).then(|| {
        let mut last = [0u8; 16];
        last[..rest.len()].copy_from_slice(rest);
        mask3(&last, a, b, c) & ((1 << rest.len()) - 1)
    });
    whole
        .map(move |block| <&Block>::try_from(block).map_or(0, |block| mask3(block, a, b, c)))
        .chain(last)
        .enumerate()
        .map(|(n, mask)| (n * 16, mask))
}

/// Does `hay` hold `byte`? (core's memchr goes four bytes at a time in wasm.) A mask of one byte
/// is `mask3` of it three times: the compiler drops the repeated comparisons.
pub fn contains_byte(hay: &[u8], byte: u8) -> bool {
    masks(hay, byte, byte, byte).any(|(_, mask)| mask != 0)
}

/// Does `hay` hold the three bytes `needle` (a CJK character's UTF-8)? Blocks are searched for
/// its last byte, and each hit checked whole.
pub fn contains3(hay: &[u8], needle: [u8; 3]) -> bool {
    let last = needle[2];
    masks(hay, last, last, last).any(|(at, mut hits)| {
        while hits != 0 {
            let i = at + hits.trailing_zeros() as usize;
            hits &= hits - 1;
            if i >= 2 && hay[i - 2..=i] == needle {
                return true;
            }
        }
        false
    })
}

/// Copy `src[from..to]` to `out` at `at`, sixteen bytes at a time while both have sixteen bytes
/// there: a few bytes past the copy are overwritten with what follows in `src`, which the caller
/// overwrites with the next copy (the cells of a CSV are copied this way, most of them shorter than
/// a block: a call of memcpy per cell cost more than the copy). None when `out` is too short.
#[inline(always)]
pub fn copy_over(out: &mut [u8], at: usize, src: &[u8], from: usize, to: usize) -> Option<()> {
    let (mut s, mut w) = (from, at);
    while s < to {
        match (src.get(s..s + 16), out.get_mut(w..w + 16)) {
            (Some(block), Some(dst)) => dst.copy_from_slice(block),
            _ => {
                out.get_mut(w..w + (to - s))?.copy_from_slice(&src[s..to]);
                return Some(());
            }
        }
        (s, w) = (s + 16, w + 16);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_find_every_byte_of_three() {
        let block: Block = *b"a,b\nc\r,,xyz\n\r,qq";
        let want = block
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, b',' | b'\n' | b'\r'))
            .fold(0u32, |m, (i, _)| m | 1 << i);
        assert_eq!(mask3(&block, b',', b'\n', b'\r'), want);
        assert_eq!(mask3(&[0xA1; 16], 0xA1, 0xA1, 0xA1), 0xFFFF);
    }

    #[test]
    fn masks_cover_every_byte_once() {
        let text: Vec<u8> = b"ab,c\n,,d\r\n".iter().copied().cycle().take(75).collect();
        for len in 0..text.len() {
            let bytes = &text[..len];
            let mut found = Vec::new();
            for (at, mut mask) in masks(bytes, b',', b'\n', b'\r') {
                while mask != 0 {
                    found.push(at + mask.trailing_zeros() as usize);
                    mask &= mask - 1;
                }
            }
            let want: Vec<usize> = (0..len)
                .filter(|&i| matches!(bytes[i], b',' | b'\n' | b'\r'))
                .collect();
            assert_eq!(found, want, "{len}");
        }
    }

    #[test]
    fn contains3_finds_a_character_anywhere() {
        let ji = "计".as_bytes().try_into().unwrap();
        for pad in 0..40 {
            let text = format!("{}合计{}", "项".repeat(pad % 7), "x".repeat(pad));
            assert!(contains3(text.as_bytes(), ji), "{text}");
            // Same last byte (A1), not 计.
            let other = format!("{}小结{}", "项".repeat(pad % 7), "x".repeat(pad));
            assert_eq!(contains3(other.as_bytes(), ji), other.contains('计'));
        }
        assert!(!contains3(b"", ji));
        assert!(!contains3(&[0xA1, 0xA1], ji));
        for at in 0..40 {
            let mut hay = vec![b'a'; 40];
            assert!(!contains_byte(&hay[..at], b'"'));
            hay[at] = b'"';
            assert!(contains_byte(&hay, b'"') && !contains_byte(&hay[..at], b'"'));
        }
    }

    #[test]
    fn copies_over_and_exactly_at_the_end() {
        let src: Vec<u8> = (0..100).collect();
        for (from, to, at) in [
            (0, 0, 0),
            (3, 40, 1),
            (60, 100, 50),
            (90, 100, 0),
            (0, 17, 83),
        ] {
            let mut out = vec![0u8; 100];
            copy_over(&mut out, at, &src, from, to).unwrap();
            assert_eq!(out[at..at + to - from], src[from..to]);
        }
        assert!(copy_over(&mut [0u8; 4], 0, &src, 0, 5).is_none());
    }
}
