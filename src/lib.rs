//! jobframe: publishes a company's job architecture (the canon) as a static intranet site.
//!
//! Data flows one way: `load` (read + parse) → `canon` (model + validation) → `frames` (goal
//! derivation) → `site` (page plan) → `render` (templates, in parallel) → `output` (atomic write).

pub mod build;
pub mod canon;
pub mod cli;
pub mod diagnostics;
pub mod frames;
pub mod linkcheck;
pub mod load;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
