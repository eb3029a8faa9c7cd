//! The per-profile JSON documents (`api/profiles/{ID}.json`), the public per-profile format — no I/O.

use schemars::JsonSchema;
use serde::Serialize;

use crate::canon::model::{Canon, Components, Dimensions, Family, Level, Profile, Role, Track};
use crate::canon::pay::Amount;
use crate::canon::urls;
use crate::render::money::Money;
use crate::site::json::to_json;

/// The version of the format, the document's `format` key. It changes only when a key is
/// removed or renamed or its meaning or type changes; adding a key is not a change of format.
pub const FORMAT: u32 = 1;

/// One profile (a role at one level) with everything the canon says about it.
///
/// Keys are sorted at every level; every key is always present (`null` or `[]` when the canon
/// has nothing); every text is the canon's, verbatim. URLs are folders relative to the site
/// root, ending in `/`.
//
// Fields are declared in alphabetical order, which is the order serde writes them in; the
// tests check that every object of a document has its keys sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "jobframe profile document (api/profiles/{ID}.json)")]
pub struct ProfileDocument<'a> {
    /// The canon release this document was built from.
    pub canon: CanonRelease<'a>,
    /// The profile's component lists, each in canon order (`[]` when the canon has none).
    pub components: ComponentLists<'a>,
    /// Deliverables this level owns (`core_outputs`), in canon order. Plain text.
    pub core_outputs: &'a [String],
    /// The job family.
    pub family: Named<'a>,
    /// The version of this format: 1. It changes only on a breaking change.
    #[schemars(extend("const" = FORMAT))]
    pub format: u32,
    /// The profile's goal templates page: a folder relative to the site root.
    pub goals_url: String,
    /// The profile ID, `{FAMILY}.{ROLE}.{LEVEL}`, e.g. `CHANNE.CHANNEL.P5`; also this
    /// document's file name.
    pub id: String,
    /// The level, as the ladder describes it.
    pub level: LevelInfo<'a>,
    /// The pay range of each zone that has one, in `pay.yaml`'s zone order; `[]` when the
    /// canon has no `pay.yaml` or the site is built without pay.
    pub pay: Vec<PayRangeInfo<'a>>,
    /// The permanent link by profile ID (`id/{ID}/`), a redirect page that survives renames
    /// of folders and role files.
    pub permalink: String,
    /// The job-family-matrix responsibilities of this level (`jfm_responsibilities`), in canon
    /// order. Plain text.
    pub responsibilities: &'a [String],
    /// The role.
    pub role: Named<'a>,
    /// The role's rubrics at this level (`null` when the canon has none). Plain text.
    pub rubrics: RubricTexts<'a>,
    /// What the role is at this level (Markdown; `""` when the canon has none).
    pub summary: &'a str,
    /// The profile's title: the canon's `title`, else `{role name} — {level code}`.
    pub title: String,
    /// The profile page: a folder relative to the site root, e.g.
    /// `channel-partner-sales/channel-partner-sales/p5/`.
    pub url: String,
}

/// One zone's pay range for the profile, from the most specific table that has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PayRangeInfo<'a> {
    /// ISO 4217 code, e.g. `USD`.
    pub currency: &'a str,
    /// When the ranges take effect, `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// The top of the range, in the currency's units (e.g. `85000` or `42.5`).
    pub max: serde_json::Number,
    /// `max` formatted for the canon's language, e.g. `$85,000`.
    pub max_text: String,
    /// The midpoint, or `null` when the table gives none.
    pub mid: Option<serde_json::Number>,
    pub mid_text: Option<String>,
    pub min: serde_json::Number,
    pub min_text: String,
    /// `annual` or `hourly`.
    pub period: &'static str,
    /// The table the range comes from: `ladder`, `family` or `role`.
    pub source: &'static str,
    /// That table in words, e.g. `Sales family table`.
    pub source_name: String,
    /// The zone's code, e.g. `US`.
    pub zone: &'a str,
    /// The zone's name, e.g. `United States`.
    pub zone_name: &'a str,
}

/// An amount as a JSON number: an integer when whole, else with its decimals.
pub fn amount_number(amount: Amount) -> serde_json::Number {
    if amount.is_whole() {
        serde_json::Number::from(amount.0 / 100)
    } else {
        serde_json::Number::from_f64(amount.0 as f64 / 100.0).unwrap_or_else(|| 0.into())
    }
}

/// The pay ranges of a profile, as its document lists them.
fn pay_of<'a>(
    canon: &'a Canon,
    money: Option<&Money>,
    family: &'a Family,
    role: &'a Role,
    level: &str,
) -> Vec<PayRangeInfo<'a>> {
    let (Some(pay), Some(money)) = (&canon.pay, money) else {
        return Vec::new();
    };
    pay.for_profile(&family.code, &role.code, level)
        .into_iter()
        .map(|applied| {
            let (zone, range) = (applied.zone, applied.range);
            let text = money.range(&zone.currency, range);
            PayRangeInfo {
                currency: &zone.currency,
                effective_date: &pay.effective_date,
                max: amount_number(range.max),
                max_text: text.max,
                mid: range.mid.map(amount_number),
                mid_text: text.mid,
                min: amount_number(range.min),
                min_text: text.min,
                period: pay.period.key(),
                source: range.table.kind(),
                source_name: crate::render::context::source_name(&range.table, family, role),
                zone: &zone.code,
                zone_name: &zone.name,
            }
        })
        .collect()
}

/// The canon release: `canon.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CanonRelease<'a> {
    /// Date the canon takes effect, `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// Language of the canon's texts, a BCP 47 tag, e.g. `en`.
    pub language: &'a str,
    /// Display name of the canon.
    pub name: &'a str,
    /// Release label, e.g. `2026.4`.
    pub version: &'a str,
}

/// A family or a role: its code, name and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Named<'a> {
    /// Code, `[A-Z0-9]+`.
    pub code: &'a str,
    pub name: &'a str,
    /// Its page: a folder relative to the site root.
    pub url: String,
}

/// A level of the ladder: `ladder.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LevelInfo<'a> {
    /// Level code, `[A-Z0-9]+`, e.g. `P5`.
    pub code: &'a str,
    /// The six leveling dimensions (`null` when the ladder has no text for one).
    pub dimensions: DimensionTexts<'a>,
    /// What the level means (Markdown).
    pub meaning: &'a str,
    /// e.g. `Expert Professional`.
    pub name: &'a str,
    /// The track the level belongs to.
    pub track: TrackInfo<'a>,
    /// The level's page: a folder relative to the site root.
    pub url: String,
    /// Typical years of experience, e.g. `8–12`.
    pub years: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TrackInfo<'a> {
    /// Track code, `[A-Z0-9]+`, e.g. `P`.
    pub code: &'a str,
    pub name: &'a str,
}

/// The level's dimensions. Plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DimensionTexts<'a> {
    pub autonomy: Option<&'a str>,
    pub complexity: Option<&'a str>,
    pub decision_rights: Option<&'a str>,
    pub impact: Option<&'a str>,
    pub leadership: Option<&'a str>,
    pub scope: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RubricTexts<'a> {
    /// The complexity / problem-solving rubric.
    pub complexity: Option<&'a str>,
    /// The knowledge-application rubric.
    pub knowledge_application: Option<&'a str>,
}

/// The component lists (`components`). Plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ComponentLists<'a> {
    pub competencies: &'a [String],
    pub knowledge: &'a [String],
    pub qualifications: &'a [String],
    /// Component responsibilities: the MBO areas of the goal templates.
    pub responsibilities: &'a [String],
    pub skills: &'a [String],
    pub tasks: &'a [String],
}

impl<'a> DimensionTexts<'a> {
    pub fn of(dimensions: &'a Dimensions) -> Self {
        DimensionTexts {
            autonomy: dimensions.autonomy.as_deref(),
            complexity: dimensions.complexity.as_deref(),
            decision_rights: dimensions.decision_rights.as_deref(),
            impact: dimensions.impact.as_deref(),
            leadership: dimensions.leadership.as_deref(),
            scope: dimensions.scope.as_deref(),
        }
    }
}

impl<'a> RubricTexts<'a> {
    pub fn of(profile: &'a Profile) -> Self {
        RubricTexts {
            complexity: profile.rubrics.complexity.as_deref(),
            knowledge_application: profile.rubrics.knowledge_application.as_deref(),
        }
    }
}

impl<'a> ComponentLists<'a> {
    pub fn of(components: &'a Components) -> Self {
        ComponentLists {
            competencies: &components.competencies,
            knowledge: &components.knowledge,
            qualifications: &components.qualifications,
            responsibilities: &components.responsibilities,
            skills: &components.skills,
            tasks: &components.tasks,
        }
    }
}

/// The level of `profile` and its track, if the ladder has them, as it does in a checked canon.
fn level_and_track<'a>(canon: &'a Canon, profile: &Profile) -> Option<(&'a Level, &'a Track)> {
    let level = canon.ladder.level(&profile.level)?;
    Some((level, canon.ladder.track(&level.track)?))
}

/// The document of one profile; `None` when its level or the level's track is not in the
/// ladder, which a canon without errors never has.
pub fn document<'a>(
    canon: &'a Canon,
    money: Option<&Money>,
    family: &'a Family,
    role: &'a Role,
    profile: &'a Profile,
) -> Option<ProfileDocument<'a>> {
    let (level, track) = level_and_track(canon, profile)?;
    let settings = &canon.settings;
    let dimensions = &level.dimensions;
    let components = &profile.components;
    let id = role.profile_id(family, profile);
    Some(ProfileDocument {
        canon: CanonRelease {
            effective_date: &settings.effective_date,
            language: &settings.language,
            name: &settings.name,
            version: &settings.version,
        },
        components: ComponentLists::of(components),
        core_outputs: &profile.core_outputs,
        family: Named {
            code: &family.code,
            name: &family.name,
            url: urls::family_dir(family),
        },
        format: FORMAT,
        goals_url: urls::goals_dir(family, role, profile),
        level: LevelInfo {
            code: &level.code,
            dimensions: DimensionTexts::of(dimensions),
            meaning: &level.meaning,
            name: &level.name,
            track: TrackInfo {
                code: &track.code,
                name: &track.name,
            },
            url: urls::level_dir(&level.code),
            years: &level.years,
        },
        pay: pay_of(canon, money, family, role, &profile.level),
        permalink: urls::id_dir(&id),
        responsibilities: &profile.jfm_responsibilities,
        role: Named {
            code: &role.code,
            name: &role.name,
            url: urls::role_dir(family, role),
        },
        rubrics: RubricTexts::of(profile),
        summary: &profile.summary,
        title: role.profile_title(profile),
        url: urls::profile_dir(family, role, profile),
        id,
    })
}

/// The document's file, relative to the site root, and its bytes: compact, HTML-safe JSON.
pub fn file(
    canon: &Canon,
    money: Option<&Money>,
    family: &Family,
    role: &Role,
    profile: &Profile,
) -> Option<(String, Vec<u8>)> {
    let document = document(canon, money, family, role, profile)?;
    Some((urls::profile_document(&document.id), to_json(&document)))
}

/// The files [`file`] writes, in canon order.
pub fn paths(canon: &Canon) -> impl Iterator<Item = String> + '_ {
    canon
        .profiles()
        .filter(|(_, _, profile)| level_and_track(canon, profile).is_some())
        .map(|(family, role, profile)| urls::profile_document(&role.profile_id(family, profile)))
}

/// The JSON Schema (draft 2020-12) of a document, as serialized: every key required.
pub fn json_schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<ProfileDocument<'static>>()
}
