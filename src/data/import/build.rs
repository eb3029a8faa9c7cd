//! Tables → drafts of the canon: every text with the cell it came from, references between
//! tables resolved and the texts the Profiles table repeats checked against their source.
//! No I/O.

use std::collections::{BTreeMap, BTreeSet};

use super::super::sheets::{SETTING_KEYS, SheetKind};
use super::super::tables::{
    Cell, Place, Problem, RawRow, Source, SourceKind, Table, Tables, header_key,
};
use crate::canon::limits::excerpt;
use crate::canon::model::{Dimension, LineKind, profile_id};
use crate::diagnostics::did_you_mean;

/// A text and the cell it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub place: Place,
}

impl From<Cell> for Field {
    fn from(cell: Cell) -> Field {
        Field {
            text: cell.text,
            place: cell.place,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TrackDraft {
    pub row: Place,
    pub code: Field,
    pub name: Field,
    pub description: Option<Field>,
}

#[derive(Debug, Clone)]
pub struct LevelDraft {
    pub row: Place,
    pub code: Field,
    pub name: Field,
    pub track: Field,
    pub years: Field,
    pub meaning: Field,
    /// The six dimension cells (a cell whatever its text, so the Profiles copy can be compared).
    pub dimensions: Vec<(Dimension, Field)>,
}

/// Former slugs or codes: the cell and the words in it.
#[derive(Debug, Clone)]
pub struct AliasDraft {
    pub place: Place,
    pub words: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FamilyDraft {
    pub row: Place,
    pub code: Field,
    pub slug: Field,
    pub name: Field,
    pub description: Option<Field>,
    pub alias_slugs: Option<AliasDraft>,
    pub alias_codes: Option<AliasDraft>,
    pub roles: Vec<RoleDraft>,
}

#[derive(Debug, Clone)]
pub struct RoleDraft {
    pub row: Place,
    pub code: Field,
    pub slug: Field,
    pub name: Field,
    pub description: Field,
    pub alias_slugs: Option<AliasDraft>,
    pub alias_codes: Option<AliasDraft>,
    pub profiles: Vec<ProfileDraft>,
}

#[derive(Debug, Clone)]
pub struct ProfileDraft {
    pub row: Place,
    pub level: Field,
    pub title: Option<Field>,
    pub summary: Option<Field>,
    pub rubric_complexity: Option<Field>,
    pub rubric_knowledge: Option<Field>,
    /// Lines of each kind, sorted by position.
    pub lines: BTreeMap<LineKind, Vec<(u64, Field)>>,
}

/// What a Profiles row may repeat of its family or role, each with where import reads it.
#[derive(Debug, Clone)]
struct Repeated {
    name: Field,
    slug: Field,
    /// The description, or an empty text placed at the row when there is none.
    description: Field,
}

impl FamilyDraft {
    fn repeated(&self) -> Repeated {
        let description = self.description.clone().unwrap_or_else(|| Field {
            text: String::new(),
            place: self.row.clone(),
        });
        Repeated {
            name: self.name.clone(),
            slug: self.slug.clone(),
            description,
        }
    }
}

impl RoleDraft {
    fn repeated(&self) -> Repeated {
        Repeated {
            name: self.name.clone(),
            slug: self.slug.clone(),
            description: self.description.clone(),
        }
    }
}

/// The canon as drafts, in table order.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// The Settings table (or the source, when it has none).
    pub settings_place: Option<Place>,
    pub settings: BTreeMap<&'static str, Field>,
    pub tracks: Vec<TrackDraft>,
    pub levels: Vec<LevelDraft>,
    pub families: Vec<FamilyDraft>,
}

/// Builds the drafts from matched tables; `None` when a required table is missing (reported).
pub fn drafts(tables: &Tables, source: &Source, problems: &mut Vec<Problem>) -> Option<Drafts> {
    let settings = required(tables, SheetKind::Settings, source, problems);
    let ladder = required(tables, SheetKind::Ladder, source, problems);
    let profiles = required(tables, SheetKind::Profiles, source, problems);
    let (settings, ladder, profiles) = (settings?, ladder?, profiles?);
    if tables.seen.len() != tables.by_kind.len() {
        // A table whose header row is wrong (reported) would make every row that refers to
        // it wrong too: stop at the header problems.
        return None;
    }
    let mut builder = Builder {
        tables,
        problems,
        drafts: Drafts::default(),
        family_index: BTreeMap::new(),
        profile_index: BTreeMap::new(),
        profile_ids: BTreeSet::new(),
    };
    if !builder.profiles_has_fallback_columns(profiles) {
        return None;
    }
    builder.settings(settings);
    builder.levels(ladder);
    builder.tracks(profiles);
    if let Some(families) = tables.get(SheetKind::Families) {
        builder.families(families);
    }
    if let Some(roles) = tables.get(SheetKind::Roles) {
        builder.roles(roles);
    }
    builder.profiles(profiles);
    if let Some(lines) = tables.get(SheetKind::Lines) {
        builder.lines(lines);
    }
    Some(builder.drafts)
}

fn required<'t>(
    tables: &'t Tables,
    kind: SheetKind,
    source: &Source,
    problems: &mut Vec<Problem>,
) -> Option<&'t Table> {
    let table = tables.get(kind);
    if !tables.seen.contains(&kind) {
        problems.push(Problem::error(
            &source.place,
            missing_table(kind, source.kind),
        ));
    }
    table
}

fn missing_table(kind: SheetKind, source: SourceKind) -> String {
    let what = match kind {
        SheetKind::Settings => "the canon's name, site title, version and effective date",
        SheetKind::Ladder => "the levels every profile is at",
        _ => "one row per profile: a role at a level",
    };
    if source == SourceKind::Workbook {
        format!("missing sheet \"{}\": it holds {what}", kind.sheet_name())
    } else {
        format!("missing file \"{}\": it holds {what}", kind.csv_file())
    }
}

/// Where a profile sits in the drafts: family, role and profile indices.
type ProfileAt = (usize, usize, usize);

struct Builder<'t, 'p> {
    tables: &'t Tables,
    problems: &'p mut Vec<Problem>,
    drafts: Drafts,
    /// Family code → index in `drafts.families`.
    family_index: BTreeMap<String, usize>,
    /// Profile ID → where the profile is.
    profile_index: BTreeMap<String, ProfileAt>,
    /// Every profile ID the Profiles table names, imported or not (so that Lines rows of a
    /// refused profile are not reported again).
    profile_ids: BTreeSet<String>,
}

/// `text` in quotes, cut when long, for messages.
fn quoted(text: &str) -> String {
    format!("\"{}\"", excerpt(text))
}

/// `; did you mean "X"?`, or nothing.
fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates)
        .map(|best| format!("; did you mean \"{best}\"?"))
        .unwrap_or_default()
}

/// The hint for an unknown level code: a near-miss spelling (`P44` → `P4`), else the nearest
/// level of the same series (`P9` → `P8`); then the codes the ladder has.
fn level_hint(code: &str, levels: &[&str]) -> String {
    let list = levels.join(", ");
    match did_you_mean(code, levels.iter().copied()).or_else(|| nearest_in_series(code, levels)) {
        Some(best) => format!("; did you mean \"{best}\"? The ladder has {list}"),
        None => format!("; the ladder has {list}"),
    }
}

/// The level whose code has the same letters as `code` and the nearest number, if `code` ends
/// in a number.
fn nearest_in_series<'a>(code: &str, levels: &[&'a str]) -> Option<&'a str> {
    fn split(code: &str) -> (&str, Option<u64>) {
        let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
        (letters, code[letters.len()..].parse().ok())
    }
    let (letters, wanted) = split(code);
    let wanted = wanted?;
    levels
        .iter()
        .filter_map(|&level| match split(level) {
            (same, Some(number)) if same == letters => Some((number.abs_diff(wanted), level)),
            _ => None,
        })
        .min()
        .map(|(_, level)| level)
}

/// A cell's text, `None` when empty.
fn present(cell: Option<Cell>) -> Option<Field> {
    cell.filter(|cell| !cell.text.is_empty()).map(Field::from)
}

/// Lower-case ASCII letters and digits, every run of anything else one `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Words separated by white space or commas.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

fn aliases(table: &Table, row: &RawRow, key: &str) -> Option<AliasDraft> {
    let cell = present(table.cell(row, key))?;
    Some(AliasDraft {
        words: words(&cell.text),
        place: cell.place,
    })
}

impl Builder<'_, '_> {
    fn error(&mut self, place: &Place, message: impl Into<String>) {
        self.problems.push(Problem::error(place, message));
    }

    /// A column the Profiles table needs because the table it stands in for is left out.
    fn profiles_has_fallback_columns(&mut self, profiles: &Table) -> bool {
        let mut needed = Vec::new();
        if self.tables.get(SheetKind::Families).is_none() {
            needed.push(("family_name", "Families", "the family's name"));
        }
        if self.tables.get(SheetKind::Roles).is_none() {
            needed.push(("role_name", "Roles", "the role's name"));
            needed.push(("role_description", "Roles", "what the role does"));
        }
        let mut ok = true;
        for (key, table, purpose) in needed {
            if !profiles.has(key) {
                self.error(
                    &profiles.header,
                    format!("missing column \"{key}\": {purpose} (needed because there is no {table} table)"),
                );
                ok = false;
            }
        }
        ok
    }

    /// Reports `cell` when it differs from `source`, the cell import reads the text from.
    fn agree(&mut self, key: &str, cell: Option<Cell>, source: &str, source_place: &Place) {
        let Some(cell) = cell else { return };
        if cell.text != source {
            self.error(
                &cell.place,
                format!(
                    "{key} {} disagrees with {} at {}, where import reads it from; make them the same",
                    quoted(&cell.text),
                    quoted(source),
                    source_place.short()
                ),
            );
        }
    }

    fn settings(&mut self, table: &Table) {
        self.drafts.settings_place = Some(table.place.clone());
        for row in &table.rows {
            let key = table.text(row, "key");
            let normal = header_key(&key);
            let Some(known) = SETTING_KEYS.iter().copied().find(|k| *k == normal) else {
                let place = table
                    .cell(row, "key")
                    .map_or(row.place.clone(), |c| c.place);
                let hint = hint(&normal, SETTING_KEYS);
                self.error(&place, format!("unknown setting {}{hint}", quoted(&key)));
                continue;
            };
            let Some(value) = table.cell(row, "value").map(Field::from) else {
                continue;
            };
            if let Some(first) = self.drafts.settings.get(known) {
                let message = format!(
                    "setting \"{known}\" appears twice; first at {}",
                    first.place.short()
                );
                self.error(&row.place, message);
                continue;
            }
            self.drafts.settings.insert(known, value);
        }
        for (key, purpose) in [
            ("name", "the canon's display name"),
            ("site_title", "the title in every page's header"),
            ("version", "the release label, e.g. 2026.4"),
            (
                "effective_date",
                "the date the canon takes effect, YYYY-MM-DD",
            ),
        ] {
            if !self.drafts.settings.contains_key(key) {
                self.error(
                    &table.place,
                    format!("missing setting \"{key}\": {purpose}"),
                );
            }
        }
    }

    fn levels(&mut self, table: &Table) {
        for row in &table.rows {
            let field = |key| Field::from(table.cell(row, key).unwrap_or_else(|| empty(row)));
            let dimensions = Dimension::ALL
                .into_iter()
                .filter_map(|d| table.cell(row, d.key()).map(|cell| (d, Field::from(cell))))
                .collect();
            self.drafts.levels.push(LevelDraft {
                row: row.place.clone(),
                code: field("code"),
                name: field("name"),
                track: field("track"),
                years: field("years"),
                meaning: field("meaning"),
                dimensions,
            });
        }
    }

    /// The tracks: the Tracks table, else one per track code of the ladder, named from the
    /// Profiles table's `track_name` when it has one, else after its code (with a warning).
    fn tracks(&mut self, profiles: &Table) {
        if let Some(table) = self.tables.get(SheetKind::Tracks) {
            self.drafts.tracks = table
                .rows
                .iter()
                .map(|row| TrackDraft {
                    row: row.place.clone(),
                    code: Field::from(table.cell(row, "code").unwrap_or_else(|| empty(row))),
                    name: Field::from(table.cell(row, "name").unwrap_or_else(|| empty(row))),
                    description: present(table.cell(row, "description")),
                })
                .collect();
            return;
        }
        let mut seen = BTreeSet::new();
        for level in self.drafts.levels.clone() {
            let code = level.track;
            if code.text.is_empty() || !seen.insert(code.text.clone()) {
                continue;
            }
            let name = track_name_in(profiles, &code.text).unwrap_or_else(|| {
                self.problems.push(Problem::warning(
                    &code.place,
                    format!(
                        "no Tracks table and no track_name in Profiles: track {} is named {} after its code",
                        quoted(&code.text),
                        quoted(&code.text)
                    ),
                ));
                code.clone()
            });
            self.drafts.tracks.push(TrackDraft {
                row: code.place.clone(),
                code,
                name,
                description: None,
            });
        }
    }

    fn families(&mut self, table: &Table) {
        for row in &table.rows {
            let code = Field::from(table.cell(row, "code").unwrap_or_else(|| empty(row)));
            let name = Field::from(table.cell(row, "name").unwrap_or_else(|| empty(row)));
            let slug = present(table.cell(row, "slug")).unwrap_or_else(|| derived_slug(&name));
            let family = FamilyDraft {
                row: row.place.clone(),
                code,
                slug,
                name,
                description: present(table.cell(row, "description")),
                alias_slugs: aliases(table, row, "alias_slugs"),
                alias_codes: aliases(table, row, "alias_codes"),
                roles: Vec::new(),
            };
            self.add_family(family);
        }
    }

    fn add_family(&mut self, family: FamilyDraft) {
        let code = family.code.text.clone();
        if let Some(&first) = self.family_index.get(&code) {
            let first = self.drafts.families[first].row.short();
            self.error(
                &family.row,
                format!(
                    "family code {} appears twice; first at {first}",
                    quoted(&code)
                ),
            );
            return;
        }
        self.family_index.insert(code, self.drafts.families.len());
        self.drafts.families.push(family);
    }

    fn roles(&mut self, table: &Table) {
        for row in &table.rows {
            let Some(family) = self.family_of(table, row) else {
                continue;
            };
            let name = Field::from(table.cell(row, "name").unwrap_or_else(|| empty(row)));
            let role = RoleDraft {
                row: row.place.clone(),
                code: Field::from(table.cell(row, "code").unwrap_or_else(|| empty(row))),
                slug: present(table.cell(row, "slug")).unwrap_or_else(|| derived_slug(&name)),
                name,
                description: Field::from(
                    table.cell(row, "description").unwrap_or_else(|| empty(row)),
                ),
                alias_slugs: aliases(table, row, "alias_slugs"),
                alias_codes: aliases(table, row, "alias_codes"),
                profiles: Vec::new(),
            };
            self.add_role(family, role);
        }
    }

    fn add_role(&mut self, family: usize, role: RoleDraft) {
        let roles = &self.drafts.families[family].roles;
        if let Some(first) = roles.iter().find(|r| r.code.text == role.code.text) {
            let message = format!(
                "role code {} appears twice in family {}; first at {}",
                quoted(&role.code.text),
                quoted(&self.drafts.families[family].code.text),
                first.row.short()
            );
            self.error(&role.row, message);
            return;
        }
        self.drafts.families[family].roles.push(role);
    }

    /// The family a row's `family_code` names; reports an unknown code.
    fn family_of(&mut self, table: &Table, row: &RawRow) -> Option<usize> {
        let cell = table.cell(row, "family_code")?;
        if let Some(&index) = self.family_index.get(&cell.text) {
            return Some(index);
        }
        let hint = hint(&cell.text, self.family_index.keys().map(String::as_str));
        let message = format!("unknown family {}{hint}", quoted(&cell.text));
        self.error(&cell.place, message);
        None
    }

    fn profiles(&mut self, table: &Table) {
        for row in &table.rows {
            let id = profile_id(
                &table.text(row, "family_code"),
                &table.text(row, "role_code"),
                &table.text(row, "level_code"),
            );
            self.profile_ids.insert(id.clone());
            // The ID the row states, too: Lines rows that use it belong to this row, and are
            // not reported again when the row itself has an error.
            if let Some(stated) = present(table.cell(row, "profile_id")) {
                self.profile_ids.insert(stated.text);
            }
            let before = self.problems.len();
            let family = self.profile_family(table, row);
            let role = family.and_then(|family| self.profile_role(table, row, family));
            let level = self.profile_level(table, row);
            self.check_profile_id(table, row, &id);
            let (Some(family), Some(role), Some(level)) = (family, role, level) else {
                continue;
            };
            if self.problems.len() > before {
                continue;
            }
            self.add_profile(table, row, id, (family, role), level);
        }
    }

    fn check_profile_id(&mut self, table: &Table, row: &RawRow, id: &str) {
        if let Some(cell) = present(table.cell(row, "profile_id"))
            && cell.text != id
        {
            let message = format!(
                "profile_id {} disagrees with the codes in this row, which make {}; profile IDs are computed, so correct the codes or clear this cell",
                quoted(&cell.text),
                quoted(id)
            );
            self.error(&cell.place, message);
        }
    }

    /// The profile's family: from the Families table, or made from this row when there is none.
    fn profile_family(&mut self, table: &Table, row: &RawRow) -> Option<usize> {
        if self.tables.get(SheetKind::Families).is_some() {
            let family = self.family_of(table, row)?;
            let source = self.drafts.families[family].repeated();
            self.agree_repeated(table, row, "family", &source);
            return Some(family);
        }
        let code = Field::from(table.cell(row, "family_code")?);
        if let Some(&family) = self.family_index.get(&code.text) {
            let first = self.drafts.families[family].repeated();
            self.agree_repeated(table, row, "family", &first);
            return Some(family);
        }
        let name = Field::from(table.cell(row, "family_name").unwrap_or_else(|| empty(row)));
        let family = FamilyDraft {
            row: row.place.clone(),
            code,
            slug: present(table.cell(row, "family_slug")).unwrap_or_else(|| derived_slug(&name)),
            name,
            description: present(table.cell(row, "family_description")),
            alias_slugs: None,
            alias_codes: None,
            roles: Vec::new(),
        };
        self.add_family(family);
        self.family_index
            .get(&table.text(row, "family_code"))
            .copied()
    }

    /// The profile's role: from the Roles table, or made from this row when there is none.
    fn profile_role(&mut self, table: &Table, row: &RawRow, family: usize) -> Option<usize> {
        let code = table.cell(row, "role_code")?;
        let roles = &self.drafts.families[family].roles;
        let found = roles.iter().position(|role| role.code.text == code.text);
        if self.tables.get(SheetKind::Roles).is_some() {
            let Some(index) = found else {
                let codes: Vec<&str> = roles.iter().map(|r| r.code.text.as_str()).collect();
                let hint = hint(&code.text, codes);
                let family_code = quoted(&self.drafts.families[family].code.text);
                self.error(
                    &code.place,
                    format!(
                        "unknown role {} in family {family_code}{hint}",
                        quoted(&code.text)
                    ),
                );
                return None;
            };
            let source = self.drafts.families[family].roles[index].repeated();
            self.agree_repeated(table, row, "role", &source);
            return Some(index);
        }
        if let Some(index) = found {
            let source = self.drafts.families[family].roles[index].repeated();
            self.agree_repeated(table, row, "role", &source);
            return Some(index);
        }
        let name = Field::from(table.cell(row, "role_name").unwrap_or_else(|| empty(row)));
        let role = RoleDraft {
            row: row.place.clone(),
            code: code.into(),
            slug: present(table.cell(row, "role_slug")).unwrap_or_else(|| derived_slug(&name)),
            name,
            description: Field::from(
                table
                    .cell(row, "role_description")
                    .unwrap_or_else(|| empty(row)),
            ),
            alias_slugs: None,
            alias_codes: None,
            profiles: Vec::new(),
        };
        self.drafts.families[family].roles.push(role);
        Some(self.drafts.families[family].roles.len() - 1)
    }

    /// Compares the texts a Profiles row repeats of its family or role (`what`) with their
    /// source: the Families or Roles table, or the first Profiles row of that family or role.
    /// An empty slug cell means "made from the name", so slugs are compared only when filled in.
    fn agree_repeated(&mut self, table: &Table, row: &RawRow, what: &str, source: &Repeated) {
        let name = format!("{what}_name");
        self.agree(
            &name,
            table.cell(row, &name),
            &source.name.text,
            &source.name.place,
        );
        let slug = format!("{what}_slug");
        let cell = present(table.cell(row, &slug)).map(Field::into_cell);
        self.agree(&slug, cell, &source.slug.text, &source.slug.place);
        let key = format!("{what}_description");
        let description = &source.description;
        self.agree(
            &key,
            table.cell(row, &key),
            &description.text,
            &description.place,
        );
    }

    /// The profile's level; checks the ladder texts the row repeats.
    fn profile_level(&mut self, table: &Table, row: &RawRow) -> Option<LevelDraft> {
        let cell = table.cell(row, "level_code")?;
        let levels = &self.drafts.levels;
        let Some(level) = levels
            .iter()
            .find(|level| level.code.text == cell.text)
            .cloned()
        else {
            let codes: Vec<&str> = levels.iter().map(|l| l.code.text.as_str()).collect();
            let hint = level_hint(&cell.text, &codes);
            self.error(
                &cell.place,
                format!("unknown level {}{hint}", quoted(&cell.text)),
            );
            return None;
        };
        self.agree(
            "level_name",
            table.cell(row, "level_name"),
            &level.name.text,
            &level.name.place,
        );
        self.agree(
            "years",
            table.cell(row, "years"),
            &level.years.text,
            &level.years.place,
        );
        self.agree(
            "track_code",
            table.cell(row, "track_code"),
            &level.track.text,
            &level.track.place,
        );
        if let Some(track) = self
            .drafts
            .tracks
            .iter()
            .find(|t| t.code.text == level.track.text)
            .cloned()
        {
            self.agree(
                "track_name",
                table.cell(row, "track_name"),
                &track.name.text,
                &track.name.place,
            );
        }
        for dimension in Dimension::ALL {
            let source = level.dimensions.iter().find(|(d, _)| *d == dimension);
            let (text, place) =
                source.map_or(("", &level.row), |(_, f)| (f.text.as_str(), &f.place));
            self.agree(
                dimension.key(),
                table.cell(row, dimension.key()),
                text,
                place,
            );
        }
        Some(level)
    }

    fn add_profile(
        &mut self,
        table: &Table,
        row: &RawRow,
        id: String,
        (family, role): (usize, usize),
        level: LevelDraft,
    ) {
        if let Some(&(f, r, p)) = self.profile_index.get(&id) {
            let first = self.drafts.families[f].roles[r].profiles[p].row.short();
            self.error(
                &row.place,
                format!("profile {} appears twice; first at {first}", quoted(&id)),
            );
            return;
        }
        let role_name = self.drafts.families[family].roles[role].name.text.clone();
        let default_title = format!("{role_name} — {}", level.code.text);
        let profile = ProfileDraft {
            row: row.place.clone(),
            level: Field {
                text: level.code.text,
                place: table
                    .cell(row, "level_code")
                    .map_or(row.place.clone(), |c| c.place),
            },
            title: present(table.cell(row, "title")).filter(|title| title.text != default_title),
            summary: present(table.cell(row, "summary")),
            rubric_complexity: present(table.cell(row, "rubric_complexity")),
            rubric_knowledge: present(table.cell(row, "rubric_knowledge_application")),
            lines: BTreeMap::new(),
        };
        let profiles = &mut self.drafts.families[family].roles[role].profiles;
        profiles.push(profile);
        self.profile_index
            .insert(id, (family, role, profiles.len() - 1));
    }

    fn lines(&mut self, table: &Table) {
        for row in &table.rows {
            let Some((at, kind, position, text)) = self.line(table, row) else {
                continue;
            };
            let (f, r, p) = at;
            let lines = self.drafts.families[f].roles[r].profiles[p]
                .lines
                .entry(kind)
                .or_default();
            match lines.binary_search_by_key(&position, |(n, _)| *n) {
                Ok(index) => {
                    let first = &lines[index].1.place;
                    let place = table
                        .cell(row, "position")
                        .map_or(row.place.clone(), |c| c.place);
                    let message = format!(
                        "{} line {position} of {} appears twice; first at {}",
                        kind.key(),
                        quoted(&table.text(row, "profile_id")),
                        first.short()
                    );
                    self.error(&place, message);
                }
                Err(index) => lines.insert(index, (position, text)),
            }
        }
    }

    /// A Lines row: its profile, kind, position and text; reports what is wrong with it.
    fn line(&mut self, table: &Table, row: &RawRow) -> Option<(ProfileAt, LineKind, u64, Field)> {
        let id = table.cell(row, "profile_id")?;
        let kind = table.cell(row, "kind")?;
        let position = table.cell(row, "position")?;
        let text = Field::from(table.cell(row, "text")?);
        let at = self.profile_index.get(&id.text).copied();
        if at.is_none() && !self.profile_ids.contains(&id.text) {
            let hint = hint(&id.text, self.profile_ids.iter().map(String::as_str));
            self.error(
                &id.place,
                format!(
                    "unknown profile {}: no Profiles row has it{hint}",
                    quoted(&id.text)
                ),
            );
        }
        let line_kind = LineKind::from_key(&header_key(&kind.text));
        if line_kind.is_none() {
            let hint = hint(&kind.text, LineKind::ALL.map(LineKind::key));
            self.error(
                &kind.place,
                format!("unknown line kind {}{hint}", quoted(&kind.text)),
            );
        }
        let number = position.text.trim().parse::<u64>().ok().filter(|n| *n > 0);
        if number.is_none() {
            self.error(
                &position.place,
                format!(
                    "position {} is not a whole number from 1 up",
                    quoted(&position.text)
                ),
            );
        }
        Some((at?, line_kind?, number?, text))
    }
}

fn empty(row: &RawRow) -> Cell {
    Cell {
        text: String::new(),
        place: row.place.clone(),
    }
}

/// The slug made from a name, placed at the name's cell.
fn derived_slug(name: &Field) -> Field {
    Field {
        text: slugify(&name.text),
        place: name.place.clone(),
    }
}

impl Field {
    fn into_cell(self) -> Cell {
        Cell {
            text: self.text,
            place: self.place,
        }
    }
}

/// The name the Profiles table gives a track, from its first row with that track code.
fn track_name_in(profiles: &Table, code: &str) -> Option<Field> {
    profiles
        .rows
        .iter()
        .filter(|row| profiles.text(row, "track_code") == code)
        .find_map(|row| present(profiles.cell(row, "track_name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_from_names() {
        assert_eq!(slugify("Account Executive"), "account-executive");
        assert_eq!(slugify("  R&D — Labs 2 "), "r-d-labs-2");
        assert_eq!(slugify("Café"), "caf");
    }

    #[test]
    fn alias_cells_split_on_spaces_and_commas() {
        assert_eq!(words("old-a, old-b  old-c"), ["old-a", "old-b", "old-c"]);
        assert!(words(" , ").is_empty());
    }
}
