//! The canon as data files in and out: exports (JSON, CSV, XLSX) and import.

pub mod canon_yaml;
