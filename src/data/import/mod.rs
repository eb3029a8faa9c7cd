//! `jobframe import`: a workbook or a folder of CSV files (the exports' tables) back into canon
//! files. [`import`] is pure; [`read`] reads the source and writes the result.

mod assemble;
mod build;
pub mod read;

use std::collections::BTreeMap;

use super::canon_yaml::canon_files;
use super::tables::{self, Place, Problem, Source};
use crate::canon::files::FAMILY_FILE;
use crate::canon::model::Canon;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load;
use assemble::Provenance;
use build::{Drafts, Field};

pub use build::slugify;

/// What an import made of its source: the canon and its files when there were no errors, and
/// every problem found, errors and warnings, in place order.
#[derive(Debug)]
pub struct Imported {
    /// The canon built from the tables; `None` when there were errors.
    pub canon: Option<Canon>,
    /// Every file of the canon folder (canon-relative path → text); empty when there were errors.
    pub files: BTreeMap<String, String>,
    pub problems: Vec<Problem>,
}

impl Imported {
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.problems.len() - self.error_count()
    }
}

/// Turns the tables of `source` into canon files: matches headers, builds the model (checking
/// what the Profiles table repeats against its source tables), writes the YAML in memory, runs
/// the canon's own checks on it (each problem placed at the cell it came from) and verifies that
/// loading the files gives the model back.
pub fn import(source: &Source) -> Imported {
    let tables = tables::tables(source);
    let mut problems = tables.problems.clone();
    let built = build::drafts(&tables, source, &mut problems)
        .map(|drafts| canon_of(drafts, &source.place, &mut problems));
    problems.sort();
    problems.dedup();
    match built {
        Some((canon, files)) if !problems.iter().any(Problem::is_error) => Imported {
            canon: Some(canon),
            files,
            problems,
        },
        _ => Imported {
            canon: None,
            files: BTreeMap::new(),
            problems,
        },
    }
}

/// The canon the drafts describe and its files, after the canon's own checks (placed at their
/// cells) and the check that the files load back as the same canon.
fn canon_of(
    mut drafts: Drafts,
    source: &Place,
    problems: &mut Vec<Problem>,
) -> (Canon, BTreeMap<String, String>) {
    refuse_path_clashes(&mut drafts, problems);
    let (canon, provenance) = assemble::assemble(&drafts, problems);
    let files = canon_files(&canon);
    let checked = load::check_sources(loadable(&files));
    let fallback = drafts.settings_place.as_ref().unwrap_or(source);
    problems.extend(place_all(&checked.diagnostics, &provenance, fallback));
    let clean = !problems.iter().any(Problem::is_error);
    if clean && checked.canon != canon {
        problems.push(Problem::error(
            source,
            "internal error: the canon files written do not load back as the model imported; please report this with the file",
        ));
    }
    (canon, files)
}

/// The files the loader reads: all but the hidden ones (the `.schema` folder), which canon
/// discovery skips.
fn loadable(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|(path, _)| !path.split('/').any(|part| part.starts_with('.')))
        .map(|(path, text)| (path.clone(), text.clone()))
        .collect()
}

/// The canon's own diagnostics, each at the cell (or row, or table) its value came from.
fn place_all(
    diagnostics: &[Diagnostic],
    provenance: &Provenance,
    fallback: &Place,
) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let place = provenance
                .place_of(&diagnostic.file, &diagnostic.path)
                .unwrap_or(fallback);
            match diagnostic.severity {
                Severity::Error => Problem::error(place, &diagnostic.message),
                Severity::Warning => Problem::warning(place, &diagnostic.message),
            }
        })
        .collect()
}

/// Refuses (and leaves out) families with the same slug, roles of a family with the same slug,
/// and roles whose file would be the family's own `family.yaml`: each would overwrite another
/// file.
fn refuse_path_clashes(drafts: &mut Drafts, problems: &mut Vec<Problem>) {
    let mut slugs: BTreeMap<String, Place> = BTreeMap::new();
    drafts
        .families
        .retain(|family| keep_unique(&mut slugs, &family.slug, &family.row, "family", problems));
    for family in &mut drafts.families {
        let mut roles: BTreeMap<String, Place> = BTreeMap::new();
        let reserved = FAMILY_FILE.trim_end_matches(".yaml");
        family.roles.retain(|role| {
            if role.slug.text == reserved {
                problems.push(Problem::error(
                    &role.slug.place,
                    format!("role slug \"{reserved}\" would be the family's own file {FAMILY_FILE}; give the role another slug"),
                ));
                return false;
            }
            keep_unique(&mut roles, &role.slug, &role.row, "role", problems)
        });
    }
}

fn keep_unique(
    seen: &mut BTreeMap<String, Place>,
    slug: &Field,
    row: &Place,
    what: &str,
    problems: &mut Vec<Problem>,
) -> bool {
    if let Some(first) = seen.get(&slug.text) {
        problems.push(Problem::error(
            &slug.place,
            format!(
                "{what} slug \"{}\" is also the slug of {}: both would be written to the same file; give one another slug (or name)",
                slug.text,
                first.short()
            ),
        ));
        return false;
    }
    seen.insert(slug.text.clone(), row.clone());
    true
}
