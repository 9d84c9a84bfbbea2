//! The crate's hash maps: foldhash (std's SipHash showed in profiles) with its fixed seed. A
//! random seed would bring its generation code into the page's wasm (and one more hasher's copies
//! of the map code with it); the maps are keyed by the checked files' own codes and cells.
//! The size-built wasm modules (the page's core, the xlsx reader) hash with rustc-hash instead,
//! ~1.3 KB gz smaller in the core than foldhash (whose string hashing is large). No map's
//! iteration order reaches a report (ties are broken by value): the hashers give the same findings.

#[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
type State = foldhash::fast::FixedState;
#[cfg(not(any(not(target_arch = "wasm32"), target_feature = "simd128")))]
type State = rustc_hash::FxBuildHasher;

pub type HashMap<K, V> = std::collections::HashMap<K, V, State>;
pub type HashSet<T> = std::collections::HashSet<T, State>;
