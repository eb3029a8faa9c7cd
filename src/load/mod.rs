//! Reading a canon folder: discovering files, parsing them in parallel, building the model.

pub mod nesting;
mod shape;
pub mod source;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::canon::files::{
    AliasesFile, AmountFile, DimensionsFile, FamilyFile, FrontMatterFile, LadderFile, PayFile,
    PeriodFile, ProfileFile, RangeFile, RangesFile, RoleFile, SettingsFile,
};
use crate::canon::guide::{self, GUIDES_DIR, Guide};
use crate::canon::limits;
use crate::canon::model::{
    Aliases, Canon, Components, Dimensions, Family, Ladder, Level, Profile, Role, Rubrics,
    Settings, Track,
};
use crate::canon::pay::{Amount, Pay, PayRange, Period, Table, Zone};
use crate::canon::validate::{self, Gaps};
use crate::diagnostics::{self, Code, Diagnostic, Position, YamlPath};

pub use crate::canon::files::{FAMILY_FILE, LADDER_FILE, PAY_FILE, SETTINGS_FILE};

/// Canon files larger than this are refused unread.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A canon folder that could not be read at all (as opposed to a canon with errors in it).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "canon folder `{0}` does not exist; pass the folder that holds canon.yaml with --canon"
    )]
    Missing(PathBuf),
    #[error("`{0}` is not a folder; --canon takes the folder that holds canon.yaml")]
    NotAFolder(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The outcome of reading and checking a canon: the model (as far as it could be built) and
/// every problem found, sorted, with positions.
#[derive(Debug)]
pub struct Checked {
    pub canon: Canon,
    pub diagnostics: Vec<Diagnostic>,
    pub files_read: usize,
    /// The text of each file a diagnostic points into, for showing the line it is about.
    pub sources: BTreeMap<String, String>,
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// Reads, parses and validates the canon in `dir`.
pub fn check(dir: &Path) -> Result<Checked, LoadError> {
    let walk = walk(dir)?;
    let mut diagnostics = walk.diagnostics;
    let files = classify(&walk.files, &walk.family_dirs, &mut diagnostics);
    let sources = read_all(dir, &files, &mut diagnostics);
    Ok(check_texts(&files, sources, diagnostics))
}

/// Checks a canon given as (canon-relative path, text) pairs instead of a folder: for tools,
/// property tests and fuzzing. Paths use `/`; `fam/role.yaml` puts a role in family `fam`.
pub fn check_sources(sources: BTreeMap<String, String>) -> Checked {
    let mut diagnostics = Vec::new();
    let paths: Vec<String> = sources.keys().cloned().collect();
    let family_dirs: BTreeSet<String> = paths
        .iter()
        .filter_map(|path| path.split_once('/').map(|(family, _)| family.to_string()))
        .filter(|folder| folder != GUIDES_DIR)
        .collect();
    let files = classify(
        &paths,
        &family_dirs.into_iter().collect::<Vec<_>>(),
        &mut diagnostics,
    );
    check_texts(&files, sources, diagnostics)
}

/// A canon's files listed from somewhere other than a folder (a Git tree), classified, before
/// reading: [`Listed::wanted`] says which files to read.
pub struct Listed {
    files: Vec<CanonFile>,
    diagnostics: Vec<Diagnostic>,
}

impl Listed {
    /// Classifies `paths` (canon-relative, `/`-separated) found with the folders `family_dirs`,
    /// after the problems `diagnostics` found while listing.
    pub fn new(
        paths: &[String],
        family_dirs: &[String],
        mut diagnostics: Vec<Diagnostic>,
    ) -> Listed {
        let files = classify(paths, family_dirs, &mut diagnostics);
        Listed { files, diagnostics }
    }

    /// The canon files to read.
    pub fn wanted(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|file| file.rel.as_str())
    }

    /// Checks the canon from each wanted file's bytes; files missing from `bytes` are reported
    /// by `unreadable` (path → message).
    pub fn check(self, bytes: BTreeMap<String, Vec<u8>>) -> Checked {
        let mut diagnostics = self.diagnostics;
        let mut sources = BTreeMap::new();
        for (rel, content) in bytes {
            match text_of(content, &rel) {
                Ok(text) => {
                    sources.insert(rel, text);
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        check_texts(&self.files, sources, diagnostics)
    }
}

fn check_texts(
    files: &[CanonFile],
    sources: BTreeMap<String, String>,
    mut diagnostics: Vec<Diagnostic>,
) -> Checked {
    let parsed: Vec<Parsed> = files
        .par_iter()
        .filter_map(|file| sources.get(&file.rel).map(|text| parse_file(file, text)))
        .collect();
    let mut assembly = assemble(parsed);
    let unreadable = files.iter().filter(|file| !sources.contains_key(&file.rel));
    assembly
        .gaps
        .broken_files
        .extend(unreadable.map(|file| file.rel.clone()));
    diagnostics.append(&mut assembly.diagnostics);
    diagnostics.extend(validate::validate(&assembly.canon, &assembly.gaps));
    locate_all(&sources, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    // Two ranges under one unknown zone, say, make the same report twice.
    diagnostics.dedup();
    let files_read = sources.len();
    let cited: BTreeSet<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    let sources = sources
        .into_iter()
        .filter(|(file, _)| cited.contains(file.as_str()))
        .collect();
    Checked {
        canon: assembly.canon,
        diagnostics,
        files_read,
        sources,
    }
}

/// Places to locate in one file: (diagnostic index, whether it is the diagnostic's second place).
type Places = Vec<(usize, bool)>;

/// Finds the line and column of every diagnostic that has none, reading each file once (in
/// parallel across files) however many diagnostics it has.
fn locate_all(sources: &BTreeMap<String, String>, diagnostics: &mut [Diagnostic]) {
    // A place is (diagnostic, false) for the diagnostic itself, (diagnostic, true) for the
    // second place it names.
    let mut by_file: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if diagnostic.position.is_none() {
            by_file
                .entry(&diagnostic.file)
                .or_default()
                .push((index, false));
        }
        if let Some(related) = diagnostic.related.as_ref().filter(|r| r.position.is_none()) {
            by_file
                .entry(&related.file)
                .or_default()
                .push((index, true));
        }
    }
    let path_of = |(index, related): (usize, bool)| -> &YamlPath {
        match (&diagnostics[index].related, related) {
            (Some(place), true) => &place.path,
            _ => &diagnostics[index].path,
        }
    };
    let located: Vec<(Places, Vec<Option<Position>>)> = by_file
        .into_par_iter()
        .filter_map(|(file, indices)| {
            let source = sources.get(file)?;
            let paths: Vec<&YamlPath> = indices.iter().map(|place| path_of(*place)).collect();
            if file.ends_with(".md") {
                return Some((indices, locate_in_front_matter(source, &paths)));
            }
            let positions = yaml::locate_all(source, &paths);
            Some((indices, positions))
        })
        .collect();
    for (places, positions) in located {
        for ((index, related), position) in places.into_iter().zip(positions) {
            match (&mut diagnostics[index].related, related) {
                (Some(place), true) => place.position = position,
                _ => diagnostics[index].position = position,
            }
        }
    }
}

/// Positions in a guide page: keys in its front matter (which starts on line 2), the page as
/// a whole at 1:1.
fn locate_in_front_matter(source: &str, paths: &[&YamlPath]) -> Vec<Option<Position>> {
    let start = Position { line: 1, column: 1 };
    let Ok((front, _, _)) = guide::split_front_matter(source) else {
        return vec![Some(start); paths.len()];
    };
    yaml::locate_all(front, paths)
        .into_iter()
        .zip(paths)
        .map(|(position, path)| match position {
            Some(at) if !path.is_root() => Some(Position {
                line: at.line + 1,
                column: at.column,
            }),
            _ => Some(start),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Settings,
    Ladder,
    Pay,
    /// A guide page; `path` is its URL path (the file's path under `pages/` without `.md`).
    Guide {
        path: String,
    },
    Family {
        slug: String,
    },
    Role {
        family: String,
        slug: String,
    },
}

#[derive(Debug)]
struct CanonFile {
    rel: String,
    kind: Kind,
}

/// What walking the canon folder found: files and family folders (canon-relative, sorted).
struct Walk {
    files: Vec<String>,
    family_dirs: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

/// Checks that `dir` exists and is a folder: the first thing any command needs of `--canon`.
pub fn ensure_folder(dir: &Path) -> Result<(), LoadError> {
    let meta = fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing(dir.to_path_buf()),
        _ => LoadError::Io {
            path: dir.to_path_buf(),
            source,
        },
    })?;
    if meta.is_dir() {
        Ok(())
    } else {
        Err(LoadError::NotAFolder(dir.to_path_buf()))
    }
}

/// Lists the canon's files in a stable order. Hidden entries are skipped; symbolic links are
/// never followed; folders below a family folder are not read.
fn walk(dir: &Path) -> Result<Walk, LoadError> {
    ensure_folder(dir)?;
    let mut found = Walk {
        files: Vec::new(),
        family_dirs: Vec::new(),
        diagnostics: Vec::new(),
    };
    let walker = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(GUIDE_DEPTH_MAX + 1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            !hidden && listed_at(&relative(dir, entry.path()), entry.depth())
        });
    for entry in walker {
        let entry = entry.map_err(|error| LoadError::Io {
            path: error.path().unwrap_or(dir).to_path_buf(),
            source: error.into(),
        })?;
        let rel = relative(dir, entry.path());
        let kind = entry.file_type();
        let kind = if kind.is_symlink() {
            EntryKind::Symlink
        } else if kind.is_dir() {
            EntryKind::Folder
        } else {
            EntryKind::File
        };
        found.add(rel, entry.depth(), kind);
    }
    Ok(found)
}

/// How deep guide pages may sit: `pages/a/b/c/d/page.md` at the most.
pub const GUIDE_DEPTH_MAX: usize = 5;

/// Whether a listing goes into the entry at `rel` (`depth` 1 at the canon root): the canon
/// root's entries, a family folder's, and the guide folder's down to [`GUIDE_DEPTH_MAX`].
fn listed_at(rel: &str, depth: usize) -> bool {
    let in_guides = rel
        .strip_prefix(GUIDES_DIR)
        .is_some_and(|rest| rest.starts_with('/'));
    depth <= 2 || (in_guides && depth <= GUIDE_DEPTH_MAX + 1)
}

/// What an entry met while listing a canon (a folder on disk or a Git tree) is.
enum EntryKind {
    File,
    Folder,
    Symlink,
}

impl Walk {
    /// Adds the entry at `rel` (`depth` 1 at the canon root) by the rules every listing
    /// follows: symbolic links are not followed, folders below a family folder are not read.
    /// Hidden entries and anything deeper than a family folder's files are the caller's to skip.
    fn add(&mut self, rel: String, depth: usize, kind: EntryKind) {
        match kind {
            EntryKind::Symlink => self.diagnostics.push(Diagnostic::warning(
                Code::SymlinkIgnored,
                &rel,
                YamlPath::root(),
                "symbolic link not followed: canon files must be real files inside the canon folder",
            )),
            EntryKind::File => self.files.push(rel),
            EntryKind::Folder if depth == 1 && rel == GUIDES_DIR => {}
            EntryKind::Folder if depth == 1 => self.family_dirs.push(rel),
            EntryKind::Folder
                if rel.starts_with(&format!("{GUIDES_DIR}/")) && depth > GUIDE_DEPTH_MAX =>
            {
                self.diagnostics.push(Diagnostic::error(
                    Code::GuideFolderTooDeep,
                    &rel,
                    YamlPath::root(),
                    format!(
                        "folder too deep: guide pages sit at most {} folders below \
                         `{GUIDES_DIR}/` (e.g. `{GUIDES_DIR}/a/b/c/d/page.md`); move its pages up",
                        GUIDE_DEPTH_MAX - 1
                    ),
                ))
            }
            EntryKind::Folder if rel.starts_with(&format!("{GUIDES_DIR}/")) => {}
            EntryKind::Folder => self.diagnostics.push(Diagnostic::warning(
                Code::FolderIgnored,
                &rel,
                YamlPath::root(),
                "folder ignored: a family folder holds only family.yaml and one <role>.yaml per role",
            )),
        }
    }
}

/// Says what each file is (settings, ladder, pay, family, role) from its path, reporting files in
/// the wrong place and required files that are missing.
fn classify(
    paths: &[String],
    family_dirs: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CanonFile> {
    let mut files = Vec::new();
    for rel in paths {
        let classified = match rel.split('/').collect::<Vec<_>>().as_slice() {
            [GUIDES_DIR, .., name] => classify_guide(rel, name),
            [name] => classify_root_file(name),
            [family, name] => classify_family_file(family, name),
            _ => Some(Err((
                Code::StrayFileInFamily,
                "file ignored: a family folder holds only family.yaml and one <role>.yaml per role"
                    .to_string(),
            ))),
        };
        match classified {
            Some(Ok(kind)) => files.push(CanonFile {
                rel: rel.clone(),
                kind,
            }),
            Some(Err((code, message))) => {
                diagnostics.push(Diagnostic::error(code, rel, YamlPath::root(), message))
            }
            None => {}
        }
    }
    for (required, kind) in [(SETTINGS_FILE, Kind::Settings), (LADDER_FILE, Kind::Ladder)] {
        if !files.iter().any(|file| file.kind == kind) {
            diagnostics.push(Diagnostic::error(
                Code::MissingRootFile,
                required,
                YamlPath::root(),
                format!("missing `{required}` at the canon root (see docs/canon.md)"),
            ));
        }
    }
    let with_family_file: BTreeSet<&str> = files
        .iter()
        .filter_map(|file| match &file.kind {
            Kind::Family { slug } => Some(slug.as_str()),
            _ => None,
        })
        .collect();
    for family in family_dirs {
        if !with_family_file.contains(family.as_str()) {
            diagnostics.push(Diagnostic::error(
                Code::MissingFamilyFile,
                &format!("{family}/{FAMILY_FILE}"),
                YamlPath::root(),
                format!("family folder `{family}` has no `{FAMILY_FILE}`; add one with its code and name"),
            ));
        }
    }
    files
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn classify_root_file(name: &str) -> Option<Result<Kind, (Code, String)>> {
    match name {
        SETTINGS_FILE => Some(Ok(Kind::Settings)),
        LADDER_FILE => Some(Ok(Kind::Ladder)),
        PAY_FILE => Some(Ok(Kind::Pay)),
        "canon.yml" | "ladder.yml" | "pay.yml" => Some(Err((
            Code::YmlExtension,
            format!(
                "rename to `{}`: canon files use the .yaml extension",
                name.replace(".yml", ".yaml")
            ),
        ))),
        _ if name.ends_with(".yaml") || name.ends_with(".yml") => Some(Err((
            Code::UnexpectedRootFile,
            format!(
                "unexpected file at the canon root: only `{SETTINGS_FILE}`, `{LADDER_FILE}` and \
                 `{PAY_FILE}` live here; roles go in <family>/<role>.yaml"
            ),
        ))),
        _ => None,
    }
}

fn classify_guide(rel: &str, name: &str) -> Option<Result<Kind, (Code, String)>> {
    if !name.ends_with(".md") {
        return Some(Err((
            Code::NotAGuidePage,
            format!(
                "`{GUIDES_DIR}/` holds only guide pages, written in Markdown and named \
                 `<page>.md`; rename this file or move it out of the canon"
            ),
        )));
    }
    let path = rel
        .strip_prefix(&format!("{GUIDES_DIR}/"))
        .and_then(|rest| rest.strip_suffix(".md"))
        .unwrap_or(rel);
    Some(Ok(Kind::Guide {
        path: path.to_string(),
    }))
}

fn classify_family_file(family: &str, name: &str) -> Option<Result<Kind, (Code, String)>> {
    if let Some(stem) = name.strip_suffix(".yml") {
        return Some(Err((
            Code::YmlExtension,
            format!("rename to `{stem}.yaml`: canon files use the .yaml extension"),
        )));
    }
    let stem = name.strip_suffix(".yaml")?;
    Some(Ok(if name == FAMILY_FILE {
        Kind::Family {
            slug: family.to_string(),
        }
    } else {
        Kind::Role {
            family: family.to_string(),
            slug: stem.to_string(),
        }
    }))
}

/// Reads every file as UTF-8 text, in parallel; unreadable files become diagnostics.
fn read_all(
    dir: &Path,
    files: &[CanonFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let results: Vec<(String, Result<String, Diagnostic>)> = files
        .par_iter()
        .map(|file| (file.rel.clone(), read_text(&dir.join(&file.rel), &file.rel)))
        .collect();
    let mut sources = BTreeMap::new();
    for (rel, result) in results {
        match result {
            Ok(text) => {
                sources.insert(rel, text);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    sources
}

fn read_text(path: &Path, rel: &str) -> Result<String, Diagnostic> {
    let fail = |code, message: String| Diagnostic::error(code, rel, YamlPath::root(), message);
    let size = fs::metadata(path)
        .map_err(|error| fail(Code::Unreadable, format!("cannot read: {error}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            Code::FileTooLarge,
            format!(
                "file is {size} bytes; canon files are limited to {MAX_FILE_BYTES} bytes (split the role or family)"
            ),
        ));
    }
    let bytes =
        fs::read(path).map_err(|error| fail(Code::Unreadable, format!("cannot read: {error}")))?;
    text_of(bytes, rel)
}

/// A canon file's bytes as text: refused when too large or not UTF-8.
fn text_of(bytes: Vec<u8>, rel: &str) -> Result<String, Diagnostic> {
    let fail = |code, message: String| Diagnostic::error(code, rel, YamlPath::root(), message);
    let size = bytes.len();
    if size as u64 > MAX_FILE_BYTES {
        return Err(fail(
            Code::FileTooLarge,
            format!(
                "file is {size} bytes; canon files are limited to {MAX_FILE_BYTES} bytes (split the role or family)"
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let position = Position::in_text(&text, text.len());
        let byte = error.as_bytes()[error.utf8_error().valid_up_to()];
        let message = if error.as_bytes().contains(&0) {
            "file is not valid UTF-8, and it holds NUL bytes: it is not a text file; canon files \
             are UTF-8 text"
                .to_string()
        } else {
            not_utf8_message(byte)
        };
        fail(Code::NotUtf8, message).at(position)
    })
}

/// Why a file is not UTF-8, naming what its first bad byte would be in Windows-1252 (the
/// usual encoding of text saved by older Windows editors and spreadsheet exports).
fn not_utf8_message(byte: u8) -> String {
    let bytes = [byte];
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let shown = decoded.chars().next().filter(|c| !c.is_control());
    match shown {
        Some(c) => format!(
            "file is not valid UTF-8: the byte 0x{byte:02X} here is `{c}` in Windows-1252, so the \
             file was probably saved in that encoding: save it as UTF-8 (in most editors: Save \
             As or Save with Encoding, then UTF-8)"
        ),
        None => format!("file is not valid UTF-8 (byte 0x{byte:02X} here): save it as UTF-8 text"),
    }
}

enum Content {
    Settings(SettingsFile),
    Ladder(LadderFile),
    /// The pay ranges, with the errors of amounts it had to leave out.
    Pay(Pay, Vec<Diagnostic>),
    Guide(Guide),
    Family(FamilyFile),
    /// The role, built in the parallel phase, with the errors of profiles it had to leave out.
    Role(Role, Vec<Diagnostic>),
}

struct Parsed {
    file: String,
    kind: Kind,
    content: Result<Content, Diagnostic>,
}

fn parse_file(file: &CanonFile, text: &str) -> Parsed {
    let rel = file.rel.as_str();
    let content = match &file.kind {
        Kind::Settings => typed(rel, text).map(Content::Settings),
        Kind::Ladder => typed(rel, text).map(Content::Ladder),
        Kind::Pay => typed::<PayFile>(rel, text).map(|file| {
            let mut problems = Vec::new();
            let pay = pay_from(file, &mut problems);
            Content::Pay(pay, problems)
        }),
        Kind::Family { .. } => typed(rel, text).map(Content::Family),
        Kind::Guide { path } => guide_from(rel, path, text).map(Content::Guide),
        Kind::Role { slug, .. } => typed::<RoleFile>(rel, text).map(|role| {
            let mut problems = Vec::new();
            let role = role_from(role, slug.clone(), file.rel.clone(), &mut problems);
            Content::Role(role, problems)
        }),
    };
    Parsed {
        file: file.rel.clone(),
        kind: file.kind.clone(),
        content,
    }
}

fn typed<T: DeserializeOwned>(rel: &str, text: &str) -> Result<T, Diagnostic> {
    yaml::parse::<T>(text).map_err(|error| {
        let mut diagnostic = Diagnostic::error(error.code, rel, error.path, error.message);
        if let Some(first) = error.first {
            diagnostic = diagnostic.also_at("first written", rel, first);
        }
        match error.position {
            Some(position) => diagnostic.at(position),
            None => diagnostic,
        }
    })
}

struct Assembly {
    canon: Canon,
    gaps: Gaps,
    diagnostics: Vec<Diagnostic>,
}

/// Turns parsed files into the model. Files that failed to parse are left out (their error is
/// already reported), so the rest can still be validated.
fn assemble(parsed: Vec<Parsed>) -> Assembly {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut settings = None;
    let mut ladder = None;
    let mut pay = None;
    let mut guides = Vec::new();
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    let mut roles: Vec<(String, Role)> = Vec::new();
    for item in parsed {
        let content = match item.content {
            Ok(content) => content,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        match (content, item.kind) {
            (Content::Settings(file), _) => settings = Some(settings_from(file)),
            (Content::Ladder(file), _) => ladder = Some(ladder_from(file)),
            (Content::Pay(file, mut problems), _) => {
                diagnostics.append(&mut problems);
                pay = Some(file);
            }
            (Content::Guide(page), _) => guides.push(page),
            (Content::Family(file), Kind::Family { slug }) => {
                families.insert(slug.clone(), family_from(file, slug, item.file));
            }
            (Content::Role(role, mut problems), Kind::Role { family, .. }) => {
                diagnostics.append(&mut problems);
                roles.push((family, role));
            }
            _ => unreachable!("parse_file pairs each kind with its own content"),
        }
    }
    let gaps = Gaps {
        ladder_loaded: ladder.is_some(),
        broken_files: diagnostics.iter().map(|d| d.file.clone()).collect(),
    };
    let ladder = ladder.unwrap_or(Ladder {
        tracks: Vec::new(),
        levels: Vec::new(),
    });
    // Ladder order of each level code (its first appearance), looked up in constant time.
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (index, level) in ladder.levels.iter().enumerate() {
        order.entry(level.code.as_str()).or_insert(index);
    }
    for (family, mut role) in roles {
        let rank = |profile: &Profile| order.get(profile.level.as_str()).copied();
        role.profiles.sort_by(|a, b| {
            let key = |p| (rank(p).unwrap_or(usize::MAX), &p.level);
            key(a).cmp(&key(b))
        });
        if let Some(family) = families.get_mut(&family) {
            family.roles.push(role);
        }
    }
    let mut families: Vec<Family> = families.into_values().collect();
    families.sort_by_cached_key(|family| display_order(&family.name, &family.slug));
    for family in &mut families {
        family
            .roles
            .sort_by_cached_key(|role| display_order(&role.name, &role.slug));
    }
    Assembly {
        canon: Canon {
            settings: settings.unwrap_or_else(placeholder_settings),
            ladder,
            families,
            pay,
            guides: guide::in_menu_order(guides),
        },
        gaps,
        diagnostics,
    }
}

/// Families and roles are listed by name, case-insensitively, then by slug.
fn display_order(name: &str, slug: &str) -> (String, String) {
    (name.to_lowercase(), slug.to_string())
}

/// Stands in for a `canon.yaml` that is missing or broken (already reported) so the rest of
/// the canon can still be checked; such a canon never builds.
fn placeholder_settings() -> Settings {
    Settings {
        name: String::new(),
        site_title: String::new(),
        version: String::new(),
        effective_date: String::new(),
        language: "en".to_string(),
        base_url: None,
        allow_indexing: false,
        publish_pay: true,
    }
}

fn settings_from(file: SettingsFile) -> Settings {
    Settings {
        name: file.name,
        site_title: file.site_title,
        version: file.version,
        effective_date: file.effective_date,
        language: file.language.unwrap_or_else(|| "en".to_string()),
        base_url: file.base_url,
        allow_indexing: file.allow_indexing,
        publish_pay: file.publish_pay.unwrap_or(true),
    }
}

/// A guide page from its text: front matter (typed, its errors located in the file) and
/// Markdown.
fn guide_from(rel: &str, path: &str, text: &str) -> Result<Guide, Diagnostic> {
    let fail = |(code, message): (Code, &str)| {
        Diagnostic::error(code, rel, YamlPath::root(), message).at(Position { line: 1, column: 1 })
    };
    if text.len() > limits::GUIDE_BYTES_MAX {
        return Err(fail((
            Code::GuideTooLarge,
            &format!(
                "guide page of {} bytes; a guide page may have at most {} (about 75,000 words): \
             split it into several pages",
                limits::thousands(text.len()),
                limits::thousands(limits::GUIDE_BYTES_MAX)
            ),
        )));
    }
    let (front, markdown, first_line) = guide::split_front_matter(text).map_err(fail)?;
    let file: FrontMatterFile = typed(rel, front).map_err(|mut diagnostic| {
        // The front matter starts on the file's second line.
        if let Some(position) = &mut diagnostic.position {
            position.line += 1;
        }
        diagnostic
    })?;
    Ok(Guide {
        path: path.to_string(),
        title: file.title,
        description: file.description,
        nav_order: file.nav_order,
        nav: file.nav.unwrap_or(true),
        markdown: markdown.to_string(),
        file: rel.to_string(),
        first_line,
    })
}

/// The largest amount accepted: a trillion, far above any pay, well inside `i64` hundredths.
const AMOUNT_MAX: f64 = 1e12;

fn pay_from(file: PayFile, diagnostics: &mut Vec<Diagnostic>) -> Pay {
    let mut ranges = Vec::new();
    let mut table = |table: Table, written: RangesFile| {
        for (zone, levels) in written {
            for (level, deferred) in levels {
                let path = table.path().key(&zone).key(&level);
                let range: RangeFile = match serde_path_to_error::deserialize(deferred.raw) {
                    Ok(range) => range,
                    Err(error) => {
                        let inner = error.inner().to_string();
                        let (within, code, message) = shape::shape_error(error.path(), &inner);
                        let mut full = path.clone();
                        full.0.extend(within.0);
                        diagnostics.push(Diagnostic::error(code, PAY_FILE, full, message));
                        continue;
                    }
                };
                let mut amount = |key: &str, value: AmountFile| {
                    let amount = amount_from(value.0);
                    if amount.is_none() {
                        diagnostics.push(Diagnostic::error(
                            Code::NotAnAmount,
                            PAY_FILE,
                            path.key(key),
                            format!(
                                "`{}` is not an amount: write a number up to a trillion with at most two decimal places",
                                value.0
                            ),
                        ));
                    }
                    amount
                };
                let (min, mid, max) = (
                    amount("min", range.min),
                    range.mid.map(|mid| amount("mid", mid)),
                    amount("max", range.max),
                );
                let mid_read = mid.is_none_or(|mid| mid.is_some());
                if let (Some(min), Some(max), true) = (min, max, mid_read) {
                    ranges.push(PayRange {
                        table: table.clone(),
                        zone: zone.clone(),
                        level,
                        min,
                        mid: mid.flatten(),
                        max,
                    });
                }
            }
        }
    };
    let mut tables = Vec::new();
    table(Table::Ladder, file.ranges);
    for (family, family_file) in file.families {
        let family_table = Table::Family {
            family: family.clone(),
        };
        tables.push(family_table.clone());
        table(family_table, family_file.ranges);
        for (role, role_file) in family_file.roles {
            let family = family.clone();
            let role_table = Table::Role { family, role };
            tables.push(role_table.clone());
            table(role_table, role_file.ranges);
        }
    }
    let mut pay = Pay {
        effective_date: file.effective_date,
        period: match file.period {
            PeriodFile::Annual => Period::Annual,
            PeriodFile::Hourly => Period::Hourly,
        },
        zones: file
            .zones
            .into_iter()
            .map(|zone| Zone {
                code: zone.code,
                name: zone.name,
                currency: zone.currency,
            })
            .collect(),
        tables,
        ranges,
    };
    pay.sort();
    pay
}

/// An amount as hundredths, or `None` when it is not finite, too large, or has more than two
/// decimal places.
fn amount_from(value: f64) -> Option<Amount> {
    if !value.is_finite() || value.abs() > AMOUNT_MAX {
        return None;
    }
    let hundredths = (value * 100.0).round();
    ((hundredths - value * 100.0).abs() < 1e-6).then_some(Amount(hundredths as i64))
}

fn ladder_from(file: LadderFile) -> Ladder {
    Ladder {
        tracks: file
            .tracks
            .into_iter()
            .map(|track| Track {
                code: track.code,
                name: track.name,
                description: track.description,
            })
            .collect(),
        levels: file
            .levels
            .into_iter()
            .map(|level| Level {
                code: level.code,
                name: level.name,
                track: level.track,
                years: level.years,
                meaning: level.meaning,
                dimensions: dimensions_from(level.dimensions),
            })
            .collect(),
    }
}

fn dimensions_from(file: DimensionsFile) -> Dimensions {
    Dimensions {
        scope: file.scope,
        autonomy: file.autonomy,
        complexity: file.complexity,
        impact: file.impact,
        decision_rights: file.decision_rights,
        leadership: file.leadership,
    }
}

fn aliases_from(file: AliasesFile) -> Aliases {
    Aliases {
        slugs: file.slugs,
        codes: file.codes,
    }
}

fn family_from(file: FamilyFile, slug: String, rel: String) -> Family {
    Family {
        code: file.code,
        slug,
        name: file.name,
        description: file.description,
        aliases: aliases_from(file.aliases),
        roles: Vec::new(),
        file: rel,
    }
}

fn role_from(file: RoleFile, slug: String, rel: String, diagnostics: &mut Vec<Diagnostic>) -> Role {
    let mut profiles = Vec::new();
    for (level, deferred) in file.levels {
        if !limits::fits(&level) {
            let path = YamlPath::root().key("levels").key(&limits::excerpt(&level));
            limits::code(diagnostics, &rel, || path, &level);
            continue;
        }
        let base = YamlPath::root().key("levels").key(&level);
        let result: Result<ProfileFile, _> = serde_path_to_error::deserialize(deferred.raw);
        match result {
            Ok(profile) => profiles.push(profile_from(profile, level)),
            Err(error) => {
                let (path, code, message) =
                    shape::shape_error(error.path(), &error.inner().to_string());
                let mut full = base.clone();
                full.0.extend(path.0);
                diagnostics.push(Diagnostic::error(code, &rel, full, message));
            }
        }
    }
    Role {
        code: file.code,
        slug,
        name: file.name,
        description: file.description,
        aliases: aliases_from(file.aliases),
        profiles,
        file: rel,
    }
}

fn profile_from(file: ProfileFile, level: String) -> Profile {
    let components = file.components;
    Profile {
        level,
        title: file.title,
        summary: file.summary,
        core_outputs: file.core_outputs,
        jfm_responsibilities: file.jfm_responsibilities,
        components: Components {
            responsibilities: components.responsibilities,
            tasks: components.tasks,
            skills: components.skills,
            knowledge: components.knowledge,
            competencies: components.competencies,
            qualifications: components.qualifications,
        },
        rubrics: Rubrics {
            complexity: file.rubrics.complexity,
            knowledge_application: file.rubrics.knowledge_application,
        },
    }
}
