//! jobframe: publishes a company's job architecture (the canon) as a static intranet site.
//!
//! Data flows one way, and each step has one room:
//!
//! 1. **load** ([`load`]): find the canon's files, read and parse the YAML, locate every error
//!    at `file:line:col` ([`diagnostics`] holds the messages, [`codes`] their codes).
//! 2. **validate** ([`canon::validate`]) into the **model** ([`canon::model`]), the plain data
//!    every later step reads; [`canon::files`] holds the on-disk shapes, [`canon::urls`] the
//!    site's URL layout.
//! 3. **derive** the goal templates with provenance ([`frames`]), what changes from one
//!    level of a role to the next ([`progression`]) and, for `jobframe diff` and
//!    `build --previous`, what changed from one canon to another ([`changes`]).
//! 4. **plan** every page and URL up front ([`site`]), with the search index
//!    ([`site::search`]) and the HTML-safe JSON writer ([`site::json`]).
//! 5. **render** in parallel ([`render`]): the theme ([`render::theme`]), one typed template
//!    context per page kind ([`render::context`]), Markdown ([`render::markdown`]).
//! 6. **verify** every link and anchor written ([`linkcheck`]).
//! 7. **write** atomically: a staging folder swapped in when complete ([`output`]).
//!
//! [`build`] runs steps 1–7; [`console`] prints what happened (exit codes, the progress bar,
//! the build report); [`cli`] parses the command line; [`serve`] rebuilds on change and serves
//! the result. [`data`] holds the canon as data files in and out: the tables of the CSV and
//! XLSX exports ([`data::sheets`]), the whole-canon JSON document ([`data::canon_json`]), the
//! workbook writer, `jobframe export`, and `jobframe import` ([`data::import`], which reads the
//! tables back, [`data::tables`], into a model that [`data::canon_yaml`] writes as canon
//! files). [`load::source`] reads a canon from a folder or a Git revision. Steps 1–4, [`changes`], [`render::context`], [`data::sheets`], [`data::canon_json`],
//! [`data::tables`], [`data::import::import`] and [`data::canon_yaml`] do no I/O.

pub mod build;
pub mod canon;
pub mod changes;
pub mod cli;
pub mod codes;
pub mod console;
pub mod data;
pub mod diagnostics;
pub mod frames;
pub mod linkcheck;
pub mod load;
pub mod output;
pub mod progression;
pub mod render;
pub mod serve;
pub mod site;
