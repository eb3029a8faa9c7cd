//! The canon: its model, its on-disk file shapes and its validation rules. No I/O here.

pub mod files;
pub mod guide;
pub mod limits;
pub mod model;
pub mod pay;
pub mod urls;
pub mod validate;

pub use model::*;
