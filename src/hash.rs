//! The crate's hash maps: foldhash (std's SipHash showed in profiles) with its fixed seed. A
//! random seed would bring its generation code into the page's wasm (and one more hasher's copies
//! of the map code with it); the maps are keyed by the checked files' own codes and cells.
//! The page's core module hashes with [`Small`] instead: foldhash's string hashing alone was
//! ~2 KB of it. No map's iteration order reaches a report (ties are broken by value), so the two
//! hashers give the same findings.

#[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
type State = foldhash::fast::FixedState;
#[cfg(not(any(not(target_arch = "wasm32"), target_feature = "simd128")))]
type State = Small;

pub type HashMap<K, V> = std::collections::HashMap<K, V, State>;
pub type HashSet<T> = std::collections::HashSet<T, State>;

/// rustc-hash's multiply-and-add over 8-byte words, in a few lines: for keys that are short
/// codes, names and numbers, as fast as foldhash and a fraction of its code.
#[derive(Clone, Copy, Default)]
pub struct Small;

pub struct SmallHasher(u64);

impl std::hash::BuildHasher for Small {
    type Hasher = SmallHasher;
    fn build_hasher(&self) -> SmallHasher {
        SmallHasher(0)
    }
}

impl SmallHasher {
    fn add(&mut self, word: u64) {
        self.0 = self
            .0
            .wrapping_add(word)
            .wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for SmallHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i.into());
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    /// A multiplication carries a word's bits only upwards: the high bits, which have seen every
    /// byte, are folded down into the low ones a table indexes by (the last digit of "2080101" sits
    /// in a word's high bits).
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 32);
        let h = h.wrapping_mul(0xf135_7aea_2e62_a9c5);
        h ^ (h >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::Small;
    use std::hash::BuildHasher;

    #[test]
    fn small_hashes_spread_short_keys() {
        // Codes differing in their last digit, and numbers 0..1000, land in distinct buckets of a
        // 1 024-slot table (hashbrown indexes by the low bits).
        let codes: std::collections::HashSet<u64> = (0..1000)
            .map(|i| Small.hash_one(format!("2080{i:03}")) & 1023)
            .collect();
        assert!(codes.len() > 600, "{}", codes.len());
        let numbers: std::collections::HashSet<u64> =
            (0u32..1000).map(|i| Small.hash_one(i) & 1023).collect();
        assert!(numbers.len() > 600, "{}", numbers.len());
        let mut map = std::collections::HashMap::with_hasher(Small);
        map.insert("208", 1);
        map.insert("20801", 2);
        assert_eq!(
            (map.get("208"), map.get("20801"), map.get("2080")),
            (Some(&1), Some(&2), None)
        );
    }
}
