//! The on-disk shape of each canon file, as serde types; also the source of `jobframe schema`.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// The canon-wide settings file, at the canon's root.
pub const SETTINGS_FILE: &str = "canon.yaml";
/// The ladder file, at the canon's root.
pub const LADDER_FILE: &str = "ladder.yaml";
/// Each family folder's own file; the folder's other `.yaml` files are its roles.
pub const FAMILY_FILE: &str = "family.yaml";
/// The optional pay ranges, at the canon's root.
pub const PAY_FILE: &str = "pay.yaml";

/// Reads an optional mapping or list written with no value (`rubrics:`) as absent, the same as
/// leaving the key out, as optional strings are read.
fn empty_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `canon.yaml`: canon-wide settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe canon settings (canon.yaml)")]
pub struct SettingsFile {
    /// Display name of the canon, quoted in every goal page's disclaimer (e.g. `JobFrame`).
    pub name: String,
    /// Title shown in the header and the browser tab.
    pub site_title: String,
    /// Version label of this canon release, e.g. `2026.4`. Quote it so YAML keeps it a string.
    pub version: String,
    /// Date this canon takes effect, `YYYY-MM-DD`.
    pub effective_date: String,
    /// Language of the canon text, a BCP 47 tag; default `en`.
    #[serde(default)]
    pub language: Option<String>,
    /// Absolute URL the site is published at (e.g. `https://intranet.example.com/careers/`).
    /// Used for `sitemap.xml`, the pages' canonical links and the 404 page's links (`serve`
    /// starts those from `/` instead); all other links in the site are relative.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Let external search engines index the site; default `false` (robots.txt disallows all).
    #[serde(default)]
    pub allow_indexing: bool,
    /// Publish the pay ranges of `pay.yaml` on the site and in its exports; default `true`.
    /// `false` builds a site without any pay figure (as `jobframe build --without-pay` does);
    /// `jobframe check` still validates `pay.yaml`.
    #[serde(default)]
    pub publish_pay: Option<bool>,
}

/// `ladder.yaml`: tracks and the ordered levels shared by every role.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe level ladder (ladder.yaml)")]
pub struct LadderFile {
    pub tracks: Vec<TrackFile>,
    /// Levels in ladder order, lowest first.
    pub levels: Vec<LevelFile>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackFile {
    /// Track code, `[A-Z0-9]+`, e.g. `P`.
    #[schemars(regex(pattern = r"^[A-Z0-9]+$"))]
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelFile {
    /// Level code, `[A-Z0-9]+`, e.g. `P5`.
    #[schemars(regex(pattern = r"^[A-Z0-9]+$"))]
    pub code: String,
    /// e.g. `Expert Professional`.
    pub name: String,
    /// Code of the track this level belongs to.
    #[schemars(regex(pattern = r"^[A-Z0-9]+$"))]
    pub track: String,
    /// Typical years of experience, e.g. `8–12`.
    pub years: String,
    /// One line on what the level means.
    pub meaning: String,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<DimensionsFile>")]
    pub dimensions: DimensionsFile,
}

/// The six leveling dimensions, each optional.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionsFile {
    pub scope: Option<String>,
    pub autonomy: Option<String>,
    pub complexity: Option<String>,
    pub impact: Option<String>,
    pub decision_rights: Option<String>,
    pub leadership: Option<String>,
}

/// `<family>/family.yaml`: one job family. Its slug is the folder name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe family (<family>/family.yaml)")]
pub struct FamilyFile {
    /// Family code, `[A-Z0-9]+`, unique in the canon; first part of every profile ID.
    #[schemars(regex(pattern = r"^[A-Z0-9]+$"))]
    pub code: String,
    pub name: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<AliasesFile>")]
    pub aliases: AliasesFile,
}

/// Former slugs and codes; each gets redirect pages to the current URL.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AliasesFile {
    /// Former URL slugs, `[a-z0-9-]+`.
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub slugs: Vec<String>,
    /// Former codes, `[A-Z0-9]+`; old profile IDs using them redirect.
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub codes: Vec<String>,
}

/// `<family>/<role>.yaml`: one role with all its levels. Its slug is the file name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe role (<family>/<role>.yaml)")]
pub struct RoleFile {
    /// Role code, `[A-Z0-9]+`, unique in its family; second part of every profile ID.
    #[schemars(regex(pattern = r"^[A-Z0-9]+$"))]
    pub code: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<AliasesFile>")]
    pub aliases: AliasesFile,
    /// One profile per level, keyed by the ladder's level code.
    pub levels: BTreeMap<String, Deferred<ProfileFile>>,
}

/// One role at one level.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// Page title; default `{role name} — {level code}`.
    pub title: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub summary: String,
    /// Deliverables this level owns; listed before the JFM responsibilities in goal templates.
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub core_outputs: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub jfm_responsibilities: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<ComponentsFile>")]
    pub components: ComponentsFile,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<RubricsFile>")]
    pub rubrics: RubricsFile,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentsFile {
    /// Component responsibilities: the MBO areas when present.
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub responsibilities: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub tasks: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub skills: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub knowledge: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub competencies: Vec<String>,
    #[serde(default, deserialize_with = "empty_as_default")]
    #[schemars(with = "Option<Vec<String>>")]
    pub qualifications: Vec<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricsFile {
    /// Complexity / problem-solving rubric of this role at this level.
    pub complexity: Option<String>,
    /// Knowledge-application rubric of this role at this level.
    pub knowledge_application: Option<String>,
}

/// `pay.yaml`: pay zones and the pay ranges of each level, with family and role overrides.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe pay ranges (pay.yaml)")]
pub struct PayFile {
    /// Date these ranges take effect, `YYYY-MM-DD`.
    pub effective_date: String,
    /// What the amounts pay for: `annual` (a year's base pay) or `hourly`.
    pub period: PeriodFile,
    /// The pay zones (countries, regions or cities), in display order.
    pub zones: Vec<ZoneFile>,
    /// The ladder-wide ranges: zone code → level code → range.
    #[serde(default)]
    pub ranges: RangesFile,
    /// Family tables, keyed by family code; each range replaces the ladder-wide one for the
    /// family's profiles in that zone and level.
    #[serde(default)]
    pub families: BTreeMap<String, FamilyPayFile>,
}

/// Zone code → level code → range; each range is checked on its own, so that one mistake does
/// not hide the others.
pub type RangesFile = BTreeMap<String, BTreeMap<String, Deferred<RangeFile>>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PeriodFile {
    Annual,
    Hourly,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneFile {
    /// Zone code, `[A-Z0-9-]+`, e.g. `US` or `US-NY`.
    #[schemars(regex(pattern = r"^[A-Z0-9][A-Z0-9-]*$"))]
    pub code: String,
    /// e.g. `United States`.
    pub name: String,
    /// ISO 4217 currency code, e.g. `USD`.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: String,
}

/// One family's table, and its roles' tables.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyPayFile {
    /// Zone code → level code → range, for every profile of the family.
    #[serde(default)]
    pub ranges: RangesFile,
    /// Role tables, keyed by role code.
    #[serde(default)]
    pub roles: BTreeMap<String, RolePayFile>,
}

/// One role's table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RolePayFile {
    /// Zone code → level code → range, for the role's profiles.
    #[serde(default)]
    pub ranges: RangesFile,
}

/// A pay range in the zone's currency: plain numbers, without separators or symbols.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeFile {
    pub min: AmountFile,
    /// The midpoint; optional.
    #[serde(default)]
    pub mid: Option<AmountFile>,
    pub max: AmountFile,
}

/// An amount as written: a number such as `85000` or `42.50`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AmountFile(pub f64);

impl<'de> Deserialize<'de> for AmountFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AmountFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an amount written as a plain number, such as 85000 or 42.50 (no separators or currency)")
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<AmountFile, E> {
                Ok(AmountFile(value))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<AmountFile, E> {
                Ok(AmountFile(value as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<AmountFile, E> {
                Ok(AmountFile(value as f64))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for AmountFile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "An amount in the zone's currency, e.g. 85000 or 42.50."
        })
    }
}

/// The front matter of a guide page (`pages/<page>.md`), between its `---` lines.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jobframe guide page front matter (pages/<page>.md)")]
pub struct FrontMatterFile {
    /// The page's title: its heading, its browser tab and its entry in the Guide menu.
    pub title: String,
    /// One sentence on what the page is for, shown on the home page's list of guides.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the Guide menu lists the page: by this number, then by title; pages without one
    /// come last.
    #[serde(default)]
    pub nav_order: Option<i64>,
    /// `false` keeps the page out of the Guide menu and the home page's list (it is still
    /// published, searched and linkable); default `true`.
    #[serde(default)]
    pub nav: Option<bool>,
}

/// A value kept as raw YAML so that one bad profile does not hide the errors of the others;
/// its schema is `T`'s.
#[derive(Debug)]
pub struct Deferred<T> {
    /// The value as parsed, before it is checked against `T`.
    pub raw: serde_json::Value,
    shape: PhantomData<T>,
}

impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Deferred {
            raw: serde_json::Value::deserialize(deserializer)?,
            shape: PhantomData,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Deferred<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// The kinds of canon file, each with its own JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `canon.yaml`
    Settings,
    /// `ladder.yaml`
    Ladder,
    /// `<family>/family.yaml`
    Family,
    /// `<family>/<role>.yaml`
    Role,
    /// `pay.yaml`
    Pay,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Settings,
        FileKind::Ladder,
        FileKind::Family,
        FileKind::Role,
        FileKind::Pay,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FileKind::Settings => "settings",
            FileKind::Ladder => "ladder",
            FileKind::Family => "family",
            FileKind::Role => "role",
            FileKind::Pay => "pay",
        }
    }

    /// The JSON Schema (draft 2020-12) of this kind of file.
    pub fn json_schema(self) -> schemars::Schema {
        match self {
            FileKind::Settings => schemars::schema_for!(SettingsFile),
            FileKind::Ladder => schemars::schema_for!(LadderFile),
            FileKind::Family => schemars::schema_for!(FamilyFile),
            FileKind::Role => schemars::schema_for!(RoleFile),
            FileKind::Pay => schemars::schema_for!(PayFile),
        }
    }
}

/// A JSON Schema as the text of its `.json` file: pretty-printed, with a final newline. Used by
/// `jobframe schema` and for the schemas written beside an imported canon.
pub fn schema_text(schema: &schemars::Schema) -> String {
    let text = serde_json::to_string_pretty(schema)
        .expect("a schema is a JSON value, whose keys are strings, so it always serializes");
    text + "\n"
}
