//! The whole canon as one JSON document (`api/canon.json`): settings, ladder, families, roles and
//! profiles, every text verbatim. No I/O.

use schemars::JsonSchema;
use serde::Serialize;

use crate::canon::model::{Aliases, Canon, Family, Level, Profile, Role, Track};
use crate::canon::pay::Pay;
use crate::canon::urls;
use crate::site::api::{ComponentLists, DimensionTexts, RubricTexts, amount_number};

/// The version of the format, the document's `format` key, as for the profile documents: it
/// changes only when a key is removed or renamed or its meaning or type changes.
pub const FORMAT: u32 = 1;

/// The whole canon.
///
/// Keys are sorted at every level; every key is always present (`null`, `""` or `[]` when the
/// canon has nothing); every text is the canon's, verbatim. URLs are relative to the site root.
//
// Fields are declared in alphabetical order, the order serde writes them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "jobframe canon document (api/canon.json)")]
pub struct CanonDocument<'a> {
    /// `canon.yaml`.
    pub canon: SettingsInfo<'a>,
    /// The job families, in canon order (by name), each with its roles and their profiles.
    pub families: Vec<FamilyInfo<'a>>,
    /// The version of this format: 1. It changes only on a breaking change.
    #[schemars(extend("const" = FORMAT))]
    pub format: u32,
    /// `ladder.yaml`.
    pub ladder: LadderInfo<'a>,
    /// `pay.yaml`: `null` when the canon has none or the site is built without pay.
    pub pay: Option<PayInfo<'a>>,
}

/// The pay ranges as `pay.yaml` gives them: zones, and every range of every table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PayInfo<'a> {
    /// `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// `annual` or `hourly`.
    pub period: &'static str,
    /// Every range, by table (ladder-wide first, then family and role tables by code), zone
    /// and level code.
    pub ranges: Vec<PayRangeEntry<'a>>,
    /// The zones, in `pay.yaml`'s order.
    pub zones: Vec<ZoneEntry<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ZoneEntry<'a> {
    pub code: &'a str,
    /// ISO 4217 code.
    pub currency: &'a str,
    pub name: &'a str,
}

/// One range of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PayRangeEntry<'a> {
    /// The family code of a family or role table; `null` for the ladder-wide table.
    pub family: Option<&'a str>,
    pub level: &'a str,
    /// Amounts in the currency's units, e.g. `85000` or `42.5`.
    pub max: serde_json::Number,
    pub mid: Option<serde_json::Number>,
    pub min: serde_json::Number,
    /// The role code of a role table; `null` otherwise.
    pub role: Option<&'a str>,
    /// `ladder`, `family` or `role`.
    pub table: &'static str,
    pub zone: &'a str,
}

fn pay(pay: &Pay) -> PayInfo<'_> {
    PayInfo {
        effective_date: &pay.effective_date,
        period: pay.period.key(),
        ranges: pay
            .ranges
            .iter()
            .map(|range| {
                let (family, role) = range.table.codes();
                PayRangeEntry {
                    family,
                    level: &range.level,
                    max: amount_number(range.max),
                    mid: range.mid.map(amount_number),
                    min: amount_number(range.min),
                    role,
                    table: range.table.kind(),
                    zone: &range.zone,
                }
            })
            .collect(),
        zones: pay
            .zones
            .iter()
            .map(|zone| ZoneEntry {
                code: &zone.code,
                currency: &zone.currency,
                name: &zone.name,
            })
            .collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SettingsInfo<'a> {
    /// Whether `robots.txt` lets crawlers in.
    pub allow_indexing: bool,
    /// The absolute URL the site is published at, or `null`.
    pub base_url: Option<&'a str>,
    /// Date the canon takes effect, `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// Language of the canon's texts, a BCP 47 tag.
    pub language: &'a str,
    /// Display name of the canon.
    pub name: &'a str,
    /// Title of the site.
    pub site_title: &'a str,
    /// Release label, e.g. `2026.4`.
    pub version: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LadderInfo<'a> {
    /// Every level of every track, lowest first: the ladder order.
    pub levels: Vec<LevelEntry<'a>>,
    pub tracks: Vec<TrackEntry<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TrackEntry<'a> {
    /// Track code, e.g. `P`.
    pub code: &'a str,
    /// What the track is for (`""` when the canon has nothing).
    pub description: &'a str,
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LevelEntry<'a> {
    /// Level code, e.g. `P5`.
    pub code: &'a str,
    /// The six leveling dimensions (`null` when the ladder has no text for one). Plain text.
    pub dimensions: DimensionTexts<'a>,
    /// What the level means (Markdown).
    pub meaning: &'a str,
    pub name: &'a str,
    /// The code of the level's track.
    pub track: &'a str,
    /// The level's page.
    pub url: String,
    /// Typical years of experience, e.g. `8–12` (a text).
    pub years: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AliasLists<'a> {
    /// Former codes.
    pub codes: &'a [String],
    /// Former URL slugs.
    pub slugs: &'a [String],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FamilyInfo<'a> {
    pub aliases: AliasLists<'a>,
    /// Family code, the first part of every profile ID.
    pub code: &'a str,
    /// What the family covers (Markdown; `""` when the canon has nothing).
    pub description: &'a str,
    pub name: &'a str,
    /// The family's roles, in canon order (by name).
    pub roles: Vec<RoleInfo<'a>>,
    /// URL segment: the family's folder name.
    pub slug: &'a str,
    /// The family page.
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RoleInfo<'a> {
    pub aliases: AliasLists<'a>,
    /// Role code, the second part of every profile ID.
    pub code: &'a str,
    /// What the role does (Markdown).
    pub description: &'a str,
    pub name: &'a str,
    /// One profile per level the role has, in ladder order.
    pub profiles: Vec<ProfileEntry<'a>>,
    /// URL segment: the role file's name.
    pub slug: &'a str,
    /// The role page.
    pub url: String,
}

/// A role at one level. The same texts as its profile document (`document`), without the
/// family, role, level and canon details this document holds once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ProfileEntry<'a> {
    /// The component lists, each in canon order. Plain text.
    pub components: ComponentLists<'a>,
    /// Deliverables this level owns, in canon order. Plain text.
    pub core_outputs: &'a [String],
    /// The profile's own document, `api/profiles/{ID}.json`.
    pub document: String,
    /// The goal templates page.
    pub goals_url: String,
    /// The profile ID, `{FAMILY}.{ROLE}.{LEVEL}`.
    pub id: String,
    /// The level code; the level is in `ladder.levels`.
    pub level: &'a str,
    /// The permanent link by profile ID, `id/{ID}/`.
    pub permalink: String,
    /// The job-family-matrix responsibilities (`jfm_responsibilities`), in canon order.
    pub responsibilities: &'a [String],
    /// The rubrics at this level (`null` when the canon has none). Plain text.
    pub rubrics: RubricTexts<'a>,
    /// What the role is at this level (Markdown; `""` when the canon has none).
    pub summary: &'a str,
    /// The profile's title: the canon's `title`, else `{role name} — {level code}`.
    pub title: String,
    /// The profile page.
    pub url: String,
}

/// The document of `canon`.
pub fn document(canon: &Canon) -> CanonDocument<'_> {
    let settings = &canon.settings;
    CanonDocument {
        canon: SettingsInfo {
            allow_indexing: settings.allow_indexing,
            base_url: settings.base_url.as_deref(),
            effective_date: &settings.effective_date,
            language: &settings.language,
            name: &settings.name,
            site_title: &settings.site_title,
            version: &settings.version,
        },
        families: canon.families.iter().map(family).collect(),
        format: FORMAT,
        ladder: LadderInfo {
            levels: canon.ladder.levels.iter().map(level).collect(),
            tracks: canon.ladder.tracks.iter().map(track).collect(),
        },
        pay: canon.pay.as_ref().map(pay),
    }
}

fn track(track: &Track) -> TrackEntry<'_> {
    TrackEntry {
        code: &track.code,
        description: &track.description,
        name: &track.name,
    }
}

fn level(level: &Level) -> LevelEntry<'_> {
    LevelEntry {
        code: &level.code,
        dimensions: DimensionTexts::of(&level.dimensions),
        meaning: &level.meaning,
        name: &level.name,
        track: &level.track,
        url: urls::level_dir(&level.code),
        years: &level.years,
    }
}

fn aliases(aliases: &Aliases) -> AliasLists<'_> {
    AliasLists {
        codes: &aliases.codes,
        slugs: &aliases.slugs,
    }
}

fn family(family: &Family) -> FamilyInfo<'_> {
    FamilyInfo {
        aliases: aliases(&family.aliases),
        code: &family.code,
        description: &family.description,
        name: &family.name,
        roles: family.roles.iter().map(|r| role(family, r)).collect(),
        slug: &family.slug,
        url: urls::family_dir(family),
    }
}

fn role<'a>(family: &'a Family, role: &'a Role) -> RoleInfo<'a> {
    RoleInfo {
        aliases: aliases(&role.aliases),
        code: &role.code,
        description: &role.description,
        name: &role.name,
        profiles: role
            .profiles
            .iter()
            .map(|p| profile(family, role, p))
            .collect(),
        slug: &role.slug,
        url: urls::role_dir(family, role),
    }
}

fn profile<'a>(family: &'a Family, role: &'a Role, profile: &'a Profile) -> ProfileEntry<'a> {
    let id = role.profile_id(family, profile);
    ProfileEntry {
        components: ComponentLists::of(&profile.components),
        core_outputs: &profile.core_outputs,
        document: urls::profile_document(&id),
        goals_url: urls::goals_dir(family, role, profile),
        level: &profile.level,
        permalink: urls::id_dir(&id),
        responsibilities: &profile.jfm_responsibilities,
        rubrics: RubricTexts::of(profile),
        summary: &profile.summary,
        title: role.profile_title(profile),
        url: urls::profile_dir(family, role, profile),
        id,
    }
}

/// The JSON Schema (draft 2020-12) of the document, as serialized: every key required.
pub fn json_schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<CanonDocument<'static>>()
}
