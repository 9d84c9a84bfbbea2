//! The crate's hash maps: foldhash (std's SipHash showed in profiles) with its fixed seed. A
//! random seed would bring its generation code into the page's wasm (and one more hasher's copies
//! of the map code with it); the maps are keyed by the checked files' own codes and cells.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;
