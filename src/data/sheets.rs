//! The canon as seven tables (and the pay ranges as an eighth, when published) — the CSV files and the workbook's sheets: their columns, their rows
//! and the formula-injection guard every cell passes through. No I/O.

use std::borrow::Cow;

use crate::canon::model::{Canon, Dimension, Family, LineKind, Profile, Role};
use crate::canon::pay::Applied;
use crate::canon::urls;

/// One table of the export, in workbook order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetKind {
    Ladder,
    Tracks,
    Families,
    Roles,
    Profiles,
    Lines,
    Settings,
    /// The pay range of every profile in every zone: published, not imported (pay.yaml is
    /// the source).
    Pay,
}

/// A column: its header (the key import reads), its width in the workbook (in characters),
/// whether its text wraps there, and whether the workbook holds it as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub width: u8,
    pub wrap: bool,
    pub number: bool,
}

const fn col(key: &'static str, width: u8) -> Column {
    Column {
        key,
        width,
        wrap: false,
        number: false,
    }
}

/// A column of long text, wrapped in the workbook.
const fn text(key: &'static str, width: u8) -> Column {
    Column {
        key,
        width,
        wrap: true,
        number: false,
    }
}

/// A column of amounts, numbers in the workbook (so they sum and sort as numbers).
const fn amount(key: &'static str, width: u8) -> Column {
    Column {
        key,
        width,
        wrap: false,
        number: true,
    }
}

const DIMENSION_COLUMNS: [Column; 6] = [
    text("scope", 36),
    text("autonomy", 36),
    text("complexity", 36),
    text("impact", 36),
    text("decision_rights", 36),
    text("leadership", 36),
];

const LADDER: [Column; 11] = [
    col("code", 8),
    col("name", 24),
    col("track", 8),
    col("years", 9),
    text("meaning", 48),
    DIMENSION_COLUMNS[0],
    DIMENSION_COLUMNS[1],
    DIMENSION_COLUMNS[2],
    DIMENSION_COLUMNS[3],
    DIMENSION_COLUMNS[4],
    DIMENSION_COLUMNS[5],
];

const TRACKS: [Column; 3] = [col("code", 8), col("name", 20), text("description", 60)];

const FAMILIES: [Column; 7] = [
    col("code", 10),
    col("slug", 26),
    col("name", 28),
    text("description", 60),
    col("alias_slugs", 20),
    col("alias_codes", 14),
    col("url", 36),
];

const ROLES: [Column; 8] = [
    col("family_code", 12),
    col("code", 12),
    col("slug", 26),
    col("name", 28),
    text("description", 60),
    col("alias_slugs", 20),
    col("alias_codes", 14),
    col("url", 48),
];

const PROFILES: [Column; 23] = [
    col("profile_id", 24),
    col("url", 48),
    col("family_code", 12),
    col("family_name", 26),
    col("role_code", 12),
    col("role_name", 26),
    col("track_code", 11),
    col("track_name", 16),
    col("level_code", 11),
    col("level_name", 22),
    col("years", 9),
    col("title", 32),
    text("summary", 60),
    DIMENSION_COLUMNS[0],
    DIMENSION_COLUMNS[1],
    DIMENSION_COLUMNS[2],
    DIMENSION_COLUMNS[3],
    DIMENSION_COLUMNS[4],
    DIMENSION_COLUMNS[5],
    text("rubric_complexity", 48),
    text("rubric_knowledge_application", 48),
    col("goals_url", 54),
    col("document_url", 44),
];

const LINES: [Column; 5] = [
    col("profile_id", 24),
    col("kind", 24),
    col("position", 9),
    text("text", 80),
    col("url", 60),
];

const SETTINGS: [Column; 2] = [col("key", 16), col("value", 48)];

const PAY: [Column; 13] = [
    col("profile_id", 24),
    col("family_code", 12),
    col("role_code", 12),
    col("level_code", 10),
    col("zone", 8),
    col("zone_name", 20),
    col("currency", 9),
    col("period", 8),
    amount("min", 12),
    amount("mid", 12),
    amount("max", 12),
    col("table", 8),
    col("effective_date", 14),
];

/// The keys of the Settings table, in order.
pub const SETTING_KEYS: [&str; 8] = [
    "name",
    "site_title",
    "version",
    "effective_date",
    "language",
    "base_url",
    "allow_indexing",
    "publish_pay",
];

impl SheetKind {
    /// The tables of the canon itself, which import reads back.
    pub const ALL: [SheetKind; 7] = [
        SheetKind::Ladder,
        SheetKind::Tracks,
        SheetKind::Families,
        SheetKind::Roles,
        SheetKind::Profiles,
        SheetKind::Lines,
        SheetKind::Settings,
    ];

    /// The tables published for `canon`: [`SheetKind::ALL`], and `Pay` when it has pay ranges.
    pub fn published(canon: &Canon) -> Vec<SheetKind> {
        let mut kinds = SheetKind::ALL.to_vec();
        if canon.pay.is_some() {
            kinds.push(SheetKind::Pay);
        }
        kinds
    }

    /// The sheet's name in `canon.xlsx`, e.g. `Profiles`.
    pub fn sheet_name(self) -> &'static str {
        match self {
            SheetKind::Ladder => "Ladder",
            SheetKind::Tracks => "Tracks",
            SheetKind::Families => "Families",
            SheetKind::Roles => "Roles",
            SheetKind::Profiles => "Profiles",
            SheetKind::Lines => "Lines",
            SheetKind::Settings => "Settings",
            SheetKind::Pay => "Pay",
        }
    }

    /// The table's CSV file name, e.g. `profiles.csv`.
    pub fn csv_file(self) -> &'static str {
        match self {
            SheetKind::Ladder => "ladder.csv",
            SheetKind::Tracks => "tracks.csv",
            SheetKind::Families => "families.csv",
            SheetKind::Roles => "roles.csv",
            SheetKind::Profiles => "profiles.csv",
            SheetKind::Lines => "lines.csv",
            SheetKind::Settings => "settings.csv",
            SheetKind::Pay => "pay.csv",
        }
    }

    /// What one row is, for the downloads page and messages.
    pub fn row_noun(self) -> &'static str {
        match self {
            SheetKind::Ladder => "level",
            SheetKind::Tracks => "track",
            SheetKind::Families => "family",
            SheetKind::Roles => "role",
            SheetKind::Profiles => "profile",
            SheetKind::Lines => "line",
            SheetKind::Settings => "setting",
            SheetKind::Pay => "pay range",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            SheetKind::Ladder => &LADDER,
            SheetKind::Tracks => &TRACKS,
            SheetKind::Families => &FAMILIES,
            SheetKind::Roles => &ROLES,
            SheetKind::Profiles => &PROFILES,
            SheetKind::Lines => &LINES,
            SheetKind::Settings => &SETTINGS,
            SheetKind::Pay => &PAY,
        }
    }

    pub fn headers(self) -> impl Iterator<Item = &'static str> {
        self.columns().iter().map(|column| column.key)
    }

    /// How many rows the table has for `canon` (the header row not counted).
    pub fn row_count(self, canon: &Canon) -> usize {
        match self {
            SheetKind::Ladder => canon.ladder.levels.len(),
            SheetKind::Tracks => canon.ladder.tracks.len(),
            SheetKind::Families => canon.families.len(),
            SheetKind::Roles => canon.families.iter().map(|f| f.roles.len()).sum(),
            SheetKind::Profiles => canon.profile_count(),
            SheetKind::Lines => line_count(canon),
            SheetKind::Settings => SETTING_KEYS.len(),
            SheetKind::Pay => pay_count(canon),
        }
    }
}

/// Every canon line of every profile: the rows of the Lines table.
pub fn line_count(canon: &Canon) -> usize {
    canon
        .profiles()
        .map(|(_, _, profile)| {
            LineKind::ALL
                .iter()
                .map(|&kind| profile.lines(kind).len())
                .sum::<usize>()
        })
        .sum()
}

/// A cell as it is written: its text, or `'` + its text when that starts with a character a
/// spreadsheet could take as the start of a formula (`=`, `+`, `-`, `@`, tab, carriage return)
/// or with `'` itself, so that [`restore`] gives back exactly the canon's text (OWASP's
/// CSV-injection advice).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The canon text of a cell [`neutralise`] wrote: one leading `'` removed.
pub fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Where the exports' URLs start: absolute under `base_url` when the canon sets one, else
/// relative to the site root.
fn url(canon: &Canon, path: &str) -> String {
    match &canon.settings.base_url {
        Some(base) => urls::absolute(base, path),
        None => path.to_string(),
    }
}

type Row<'a> = Vec<Cow<'a, str>>;

/// Calls `each` with every row of the `kind` table, in canon order, cells in column order and
/// verbatim (the writers neutralise them).
pub fn each_row<'a, E>(
    canon: &'a Canon,
    kind: SheetKind,
    mut each: impl FnMut(&[Cow<'_, str>]) -> Result<(), E>,
) -> Result<(), E> {
    match kind {
        SheetKind::Ladder => canon.ladder.levels.iter().try_for_each(|level| {
            let mut row: Row<'a> = vec![
                level.code.as_str().into(),
                level.name.as_str().into(),
                level.track.as_str().into(),
                level.years.as_str().into(),
                level.meaning.as_str().into(),
            ];
            row.extend(dimensions(canon, &level.code));
            each(&row)
        }),
        SheetKind::Tracks => canon.ladder.tracks.iter().try_for_each(|track| {
            each(&[
                track.code.as_str().into(),
                track.name.as_str().into(),
                track.description.as_str().into(),
            ])
        }),
        SheetKind::Families => canon
            .families
            .iter()
            .try_for_each(|family| each(&family_row(canon, family))),
        SheetKind::Roles => canon.families.iter().try_for_each(|family| {
            family
                .roles
                .iter()
                .try_for_each(|role| each(&role_row(canon, family, role)))
        }),
        SheetKind::Profiles => canon.profiles().try_for_each(|(family, role, profile)| {
            each(&profile_row(canon, family, role, profile))
        }),
        SheetKind::Lines => canon.profiles().try_for_each(|(family, role, profile)| {
            let id = role.profile_id(family, profile);
            let page = url(canon, &urls::profile_dir(family, role, profile));
            LineKind::ALL.into_iter().try_for_each(|kind| {
                profile
                    .lines(kind)
                    .iter()
                    .enumerate()
                    .try_for_each(|(index, text)| {
                        each(&[
                            id.as_str().into(),
                            kind.key().into(),
                            (index + 1).to_string().into(),
                            text.as_str().into(),
                            format!("{page}#{}", kind.anchor(index)).into(),
                        ])
                    })
            })
        }),
        SheetKind::Settings => settings_rows(canon)
            .into_iter()
            .try_for_each(|(key, value)| each(&[key.into(), value])),
        SheetKind::Pay => {
            let Some(pay) = &canon.pay else {
                return Ok(());
            };
            canon.profiles().try_for_each(|(family, role, profile)| {
                let id = role.profile_id(family, profile);
                let applied = pay.for_profile(&family.code, &role.code, &profile.level);
                applied.into_iter().try_for_each(|Applied { zone, range }| {
                    each(&[
                        id.as_str().into(),
                        family.code.as_str().into(),
                        role.code.as_str().into(),
                        profile.level.as_str().into(),
                        zone.code.as_str().into(),
                        zone.name.as_str().into(),
                        zone.currency.as_str().into(),
                        pay.period.key().into(),
                        range.min.plain().into(),
                        range.mid.map(|mid| mid.plain()).unwrap_or_default().into(),
                        range.max.plain().into(),
                        range.table.kind().into(),
                        pay.effective_date.as_str().into(),
                    ])
                })
            })
        }
    }
}

/// The rows of the Pay table: a range per profile and zone that has one.
fn pay_count(canon: &Canon) -> usize {
    let Some(pay) = &canon.pay else {
        return 0;
    };
    canon
        .profiles()
        .map(|(family, role, profile)| {
            pay.for_profile(&family.code, &role.code, &profile.level)
                .len()
        })
        .sum()
}

/// The six dimension cells of a level (`""` where the ladder has no text).
fn dimensions<'a>(canon: &'a Canon, level: &str) -> impl Iterator<Item = Cow<'a, str>> {
    let level = canon.ladder.level(level);
    Dimension::ALL.into_iter().map(move |dimension| {
        level
            .and_then(|level| level.dimensions.get(dimension))
            .unwrap_or("")
            .into()
    })
}

fn family_row<'a>(canon: &'a Canon, family: &'a Family) -> Row<'a> {
    vec![
        family.code.as_str().into(),
        family.slug.as_str().into(),
        family.name.as_str().into(),
        family.description.as_str().into(),
        family.aliases.slugs.join(" ").into(),
        family.aliases.codes.join(" ").into(),
        url(canon, &urls::family_dir(family)).into(),
    ]
}

fn role_row<'a>(canon: &'a Canon, family: &'a Family, role: &'a Role) -> Row<'a> {
    vec![
        family.code.as_str().into(),
        role.code.as_str().into(),
        role.slug.as_str().into(),
        role.name.as_str().into(),
        role.description.as_str().into(),
        role.aliases.slugs.join(" ").into(),
        role.aliases.codes.join(" ").into(),
        url(canon, &urls::role_dir(family, role)).into(),
    ]
}

fn profile_row<'a>(
    canon: &'a Canon,
    family: &'a Family,
    role: &'a Role,
    profile: &'a Profile,
) -> Row<'a> {
    let level = canon.ladder.level(&profile.level);
    let track = level.and_then(|level| canon.ladder.track(&level.track));
    let id = role.profile_id(family, profile);
    let document = url(canon, &urls::profile_document(&id));
    let mut row: Row<'a> = vec![
        id.into(),
        url(canon, &urls::profile_dir(family, role, profile)).into(),
        family.code.as_str().into(),
        family.name.as_str().into(),
        role.code.as_str().into(),
        role.name.as_str().into(),
        track.map_or("", |track| track.code.as_str()).into(),
        track.map_or("", |track| track.name.as_str()).into(),
        profile.level.as_str().into(),
        level.map_or("", |level| level.name.as_str()).into(),
        level.map_or("", |level| level.years.as_str()).into(),
        role.profile_title(profile).into(),
        profile.summary.as_str().into(),
    ];
    row.extend(dimensions(canon, &profile.level));
    row.push(profile.rubrics.complexity.as_deref().unwrap_or("").into());
    row.push(
        profile
            .rubrics
            .knowledge_application
            .as_deref()
            .unwrap_or("")
            .into(),
    );
    row.push(url(canon, &urls::goals_dir(family, role, profile)).into());
    row.push(document.into());
    row
}

fn settings_rows(canon: &Canon) -> [(&'static str, Cow<'_, str>); 8] {
    let settings = &canon.settings;
    let yes_no = |yes: bool| Cow::Borrowed(if yes { "true" } else { "false" });
    [
        ("name", settings.name.as_str().into()),
        ("site_title", settings.site_title.as_str().into()),
        ("version", settings.version.as_str().into()),
        ("effective_date", settings.effective_date.as_str().into()),
        ("language", settings.language.as_str().into()),
        (
            "base_url",
            settings.base_url.as_deref().unwrap_or("").into(),
        ),
        ("allow_indexing", yes_no(settings.allow_indexing)),
        ("publish_pay", yes_no(settings.publish_pay)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_restored_exactly() {
        for text in [
            "=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "'", "''",
        ] {
            let written = neutralise(text);
            assert!(written.starts_with('\''), "{text:?} → {written:?}");
            assert_eq!(restore(&written), text);
        }
        for text in ["Plain", "", "a=b", "1-2", "—dash"] {
            assert_eq!(neutralise(text), text);
            assert_eq!(restore(text), text);
        }
    }

    #[test]
    fn every_table_has_as_many_cells_per_row_as_columns() {
        let canon = crate::data::tests::sample();
        for kind in SheetKind::ALL {
            let mut rows = 0;
            each_row(&canon, kind, |row| {
                assert_eq!(row.len(), kind.columns().len(), "{kind:?}");
                rows += 1;
                Ok::<_, ()>(())
            })
            .unwrap();
            assert_eq!(rows, kind.row_count(&canon), "{kind:?}");
        }
        let keys: Vec<&str> = settings_rows(&canon).iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, SETTING_KEYS);
    }
}
