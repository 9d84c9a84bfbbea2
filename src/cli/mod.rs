//! Binary-only parts of the CLI: finding departments on disk and rendering reports for a
//! terminal. The library stays free of I/O.

pub mod batch;
pub mod render;
