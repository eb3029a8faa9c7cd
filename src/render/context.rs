//! The theme contract: one typed template context per page kind, holding only what that page
//! shows (links already relative to it), with its title and breadcrumbs. No I/O.
//!
//! Every page template receives `layout` ([`Layout`]), `kind` (the page kind's name) and `page`
//! (the page kind's struct below); `nav.html` receives a [`Nav`]. `docs/theming.md` lists every
//! field, and a test fails when a struct here and that list disagree.

use schemars::JsonSchema;
use serde::Serialize;

use crate::canon::model::{Canon, Dimension, Family, Level, LineKind, Profile, Role};
use crate::canon::urls;
use crate::data::ExportedFile;
use crate::frames::{self, GoalSheet, Inputs, text};
use crate::progression;
use crate::render::markdown;
use crate::site::changes::SiteChanges;
use crate::site::search::SearchPaths;
use crate::site::{Page, ProfileRef, search};

mod changes;
mod guide;
mod pay;
pub use changes::{
    ChangedNote, ChangesPage, CountRow, FamilyEntry, FrameEntry, LadderEntry, ListEntry, PayEntry,
    PayLine, ProfileEntry, RoleEntry,
};
pub use guide::{GuidePage, TocEntry};
pub use pay::{PayGridRow, PayRow, PayTable, RolePay, source_name};

/// What every page template receives.
#[derive(Serialize)]
pub struct TemplateContext<'a, P> {
    pub layout: Layout<'a>,
    /// The page kind's name, as in [`PageContext::KIND`].
    pub kind: &'static str,
    pub page: P,
}

/// A page kind's context type, the template it is rendered with and the name `kind` gets.
pub trait PageContext: Serialize + JsonSchema {
    const TEMPLATE: &'static str;
    const KIND: &'static str;
}

/// What one page contributes to its rendering: the title and breadcrumbs (which go into
/// `layout`) and its own data (which becomes `page`).
pub struct PageParts<P> {
    pub title: String,
    pub crumbs: Vec<Link>,
    pub page: P,
}

/// What every page's layout needs.
#[derive(Serialize, JsonSchema)]
pub struct Layout<'a> {
    /// The canon's language, for `<html lang>`.
    pub lang: &'a str,
    /// Whether search engines may index the site (`robots` meta tag).
    pub allow_indexing: bool,
    pub site_title: &'a str,
    /// The canon's name, e.g. in the footer.
    pub canon_name: &'a str,
    pub version: &'a str,
    pub effective_date: &'a str,
    /// `../` per folder level (on the 404 page: `/` under `serve`, else the absolute `base_url`
    /// when set); prefix of every root-relative link.
    pub root: String,
    /// The page's title, without the site title.
    pub title: String,
    /// Breadcrumbs from the home page down to the page's parent; empty on the home page.
    pub crumbs: Vec<Link>,
    /// The header navigation, rendered once per folder depth from `nav.html`.
    pub nav: &'a str,
    /// Theme static file name → its content-hashed path under `assets/`, relative to the root.
    pub assets: &'a Assets,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Option<String>,
    /// The "What changed" page, when the build compared with a previous release
    /// (`build --previous`); `null` otherwise.
    pub changes: Option<Link>,
}

/// Theme static file name → its hashed path under `assets/`, relative to the site root.
pub type Assets = std::collections::BTreeMap<String, String>;

/// What `nav.html` receives.
#[derive(Serialize, JsonSchema)]
pub struct Nav<'a> {
    /// As `layout.root`.
    pub root: &'a str,
    pub site_title: &'a str,
    /// The guide pages of the Guide menu, in menu order, at most [`GUIDE_MENU_MAX`] of them;
    /// empty without `pages/`.
    ///
    /// [`GUIDE_MENU_MAX`]: crate::canon::limits::GUIDE_MENU_MAX
    pub guides: Vec<Link>,
    /// When the menu has more pages than it lists: the home page's list of them all
    /// (`index.html#guides`); else `null`.
    pub all_guides_href: Option<String>,
}

/// The `id` of the home page's list of guide pages, which a long Guide menu links to.
pub const GUIDES_ANCHOR: &str = "guides";

/// A link with its text.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// A named page: a family or a role as a link.
#[derive(Serialize, JsonSchema)]
pub struct NamedLink<'a> {
    pub name: &'a str,
    pub href: String,
}

/// A code and its name, e.g. for filter options.
#[derive(Serialize, JsonSchema)]
pub struct CodeName<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

/// One level of a role, linking to its profile.
#[derive(Serialize, JsonSchema)]
pub struct LevelChip<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The level's track as a colour number: its position in the ladder's `tracks`, 1 to 6
    /// (a seventh track takes 1 again); 0 if the track is unknown.
    pub tone: u8,
    pub href: String,
}

/// A role in a family listing, with a chip per level.
#[derive(Serialize, JsonSchema)]
pub struct RoleCard<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub href: String,
    pub levels: Vec<LevelChip<'a>>,
}

/// A family in a listing.
#[derive(Serialize, JsonSchema)]
pub struct FamilyCard<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub href: String,
    /// The family's description as HTML (Markdown rendered, raw HTML escaped).
    pub description_html: String,
    pub role_count: usize,
    /// The family's roles; empty on a compact home page.
    pub roles: Vec<RoleCard<'a>>,
}

/// How much the canon holds.
#[derive(Serialize, JsonSchema)]
pub struct Counts {
    pub families: usize,
    pub roles: usize,
    pub profiles: usize,
    pub levels: usize,
}

/// `home.html`: the site's front page.
#[derive(Serialize, JsonSchema)]
pub struct HomePage<'a> {
    /// True above [`HOME_ROLE_LIMIT`] roles: families are listed without their roles.
    pub compact: bool,
    pub families: Vec<FamilyCard<'a>>,
    pub counts: Counts,
    /// The ladder's tracks, for a colour key.
    pub tracks: Vec<TrackKey<'a>>,
    pub search_href: String,
    pub levels_href: String,
    /// The guide pages of the Guide menu, in menu order; empty without `pages/`.
    pub guides: Vec<GuideLink<'a>>,
}

/// A guide page as the home page lists it.
#[derive(Serialize, JsonSchema)]
pub struct GuideLink<'a> {
    pub title: &'a str,
    /// One sentence, or `null`.
    pub description: Option<&'a str>,
    pub href: String,
}

/// A track in the home page's colour key, linking to its section of the level guide.
#[derive(Serialize, JsonSchema)]
pub struct TrackKey<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The track's colour number, 1 to 6 (see `LevelChip::tone`).
    pub tone: u8,
    pub href: String,
}

/// `family.html`: one job family and its roles.
#[derive(Serialize, JsonSchema)]
pub struct FamilyPage<'a> {
    pub family: FamilyCard<'a>,
}

/// The role a role page is about.
#[derive(Serialize, JsonSchema)]
pub struct RoleHeading<'a> {
    pub name: &'a str,
    pub code: &'a str,
    /// The role's description as HTML.
    pub description_html: String,
}

/// One column of a role's ladder grid: a level of the role.
#[derive(Serialize, JsonSchema)]
pub struct RoleLevel<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// Typical years of experience, or empty.
    pub years: &'a str,
    /// The level's track as a colour number: its position in the ladder's `tracks`, 1 to 6
    /// (a seventh track takes 1 again); 0 if the track is unknown.
    pub tone: u8,
    /// The profile's title.
    pub title: String,
    pub href: String,
    pub goals_href: String,
    /// The profile's "What changes" section; `null` for the role's first level.
    pub changes_href: Option<String>,
}

/// One row of a role's ladder grid: a level dimension or a rubric, a cell per level.
#[derive(Serialize, JsonSchema)]
pub struct LadderRow<'a> {
    pub label: &'static str,
    /// `dimension` or `rubric`.
    pub kind: &'static str,
    /// One per level of the role, in ladder order; `null` where the canon has no text.
    pub cells: Vec<Option<&'a str>>,
}

/// `role.html`: a role and its ladder grid.
#[derive(Serialize, JsonSchema)]
pub struct RolePage<'a> {
    pub family: NamedLink<'a>,
    pub role: RoleHeading<'a>,
    /// The grid's columns.
    pub levels: Vec<RoleLevel<'a>>,
    /// The grid's rows: the six level dimensions, then both rubrics.
    pub rows: Vec<LadderRow<'a>>,
    /// Per level: core outputs, JFM responsibilities and component responsibilities, in order.
    pub duties: Vec<Vec<&'a str>>,
    /// The grid's pay rows; `null` when the site publishes no pay or no table covers the role.
    pub pay: Option<RolePay<'a>>,
}

/// One dimension of a level and its text.
#[derive(Serialize, JsonSchema)]
pub struct DimensionValue<'a> {
    pub label: &'static str,
    pub value: &'a str,
}

/// A level of the ladder.
#[derive(Serialize, JsonSchema)]
pub struct LevelSummary<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// Typical years of experience, or empty.
    pub years: &'a str,
    /// The track's name.
    pub track: &'a str,
    /// The level's track as a colour number: its position in the ladder's `tracks`, 1 to 6
    /// (a seventh track takes 1 again); 0 if the track is unknown.
    pub tone: u8,
    /// What the level means, as HTML.
    pub meaning_html: String,
    pub href: String,
    /// The dimensions the ladder sets for this level, in the fixed order.
    pub dimensions: Vec<DimensionValue<'a>>,
}

/// A profile's two rubrics; `null` where the canon has none.
#[derive(Serialize, JsonSchema)]
pub struct ProfileRubrics<'a> {
    pub complexity: Option<&'a str>,
    pub knowledge_application: Option<&'a str>,
}

/// A numbered line of a profile, with the anchor search results link to.
#[derive(Serialize, JsonSchema)]
pub struct AnchoredLine<'a> {
    /// `output-N`, `duty-N` or `component-N`; must stay the `id` of the line's element.
    pub anchor: String,
    pub text: &'a str,
}

/// A component list other than responsibilities (tasks, skills, …).
#[derive(Serialize, JsonSchema)]
pub struct ComponentList<'a> {
    pub name: &'static str,
    /// Item N of the list has the id `{anchor}-{N}` (`task-1`, `skill-2`, …), the deep links
    /// of `downloads/lines.csv`.
    pub anchor: &'static str,
    pub items: &'a [String],
}

/// `profile.html`: one role at one level.
#[derive(Serialize, JsonSchema)]
pub struct ProfilePage<'a> {
    /// The profile ID, `{FAMILY}.{ROLE}.{LEVEL}`.
    pub id: String,
    pub title: String,
    pub family: NamedLink<'a>,
    pub role: NamedLink<'a>,
    /// `null` only if the ladder lacks the level (the build refuses such a canon).
    pub level: Option<LevelSummary<'a>>,
    /// The profile's summary as HTML.
    pub summary_html: String,
    pub rubrics: ProfileRubrics<'a>,
    pub core_outputs: Vec<AnchoredLine<'a>>,
    /// JFM responsibilities.
    pub responsibilities: Vec<AnchoredLine<'a>>,
    pub component_responsibilities: Vec<AnchoredLine<'a>>,
    /// The other component lists that have items.
    pub components: Vec<ComponentList<'a>>,
    /// The role's previous and next levels.
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub goals_href: String,
    pub permalink: String,
    /// What changes from the role's previous level; `null` on its first level.
    pub changes: Option<LevelChanges<'a>>,
    /// Profiles people compare this one with.
    pub related: Related,
    /// The compare page with this profile chosen.
    pub compare_href: String,
    /// The profile's pay ranges; `null` when the site publishes no pay or no table covers it.
    pub pay: Option<PayTable<'a>>,
    /// Set when this page changed in this release (`build --previous`): links to its entry
    /// on the changes page.
    pub changed: Option<ChangedNote<'a>>,
}

/// Each framework's plain-text block (what its Copy button copies); `null` when omitted.
#[derive(Serialize, JsonSchema)]
pub struct GoalBlocks {
    pub smart: Option<String>,
    pub okrs: Option<String>,
    pub mbo: Option<String>,
    pub scorecard: Option<String>,
}

/// A framework's heading and the sentence under it.
#[derive(Serialize, JsonSchema)]
pub struct Intro {
    pub title: &'static str,
    pub text: &'static str,
}

/// The four frameworks' intros.
#[derive(Serialize, JsonSchema)]
pub struct GoalIntros {
    pub smart: Intro,
    pub okrs: Intro,
    pub mbo: Intro,
    pub scorecard: Intro,
}

/// The placeholders a goal leaves for the reader to fill in.
#[derive(Serialize, JsonSchema)]
pub struct Placeholders {
    /// `⟨target⟩`
    pub target: &'static str,
    /// `⟨date⟩`
    pub date: &'static str,
}

/// `goals.html`: a profile's goal templates.
#[derive(Serialize, JsonSchema)]
pub struct GoalsPage<'a> {
    /// The frameworks, row by row, with their sources.
    pub sheet: GoalSheet<'a>,
    pub blocks: GoalBlocks,
    pub intros: GoalIntros,
    /// What MBO areas and Scorecard items show where the reader sets a target and a date.
    pub placeholders: Placeholders,
    /// The frameworks present, in page order: the page's table of contents.
    pub contents: Vec<GoalSection>,
    pub profile_href: String,
    /// The page as plain text (`goals.txt`, beside it): the header and every framework's
    /// plain-text block.
    pub text_href: &'static str,
    /// The profile ID.
    pub id: String,
}

/// One framework in the goals page's table of contents.
#[derive(Serialize, JsonSchema)]
pub struct GoalSection {
    /// The `id` of the framework's heading: `smart`, `okrs`, `mbo` or `scorecard`.
    pub anchor: &'static str,
    pub title: &'static str,
    /// Its number of rows: goals, objectives, areas or scorecard items.
    pub rows: usize,
    /// The rows counted in words, e.g. `5 goals`, `1 objective`.
    pub count: String,
}

/// What changes from the role's previous level to this one.
#[derive(Serialize, JsonSchema)]
pub struct LevelChanges<'a> {
    /// The previous level's code.
    pub from: &'a str,
    /// The previous level's profile page.
    pub from_href: String,
    /// The level dimensions and rubrics whose text differs, each as runs of words.
    pub texts: Vec<progression::TextChange<'a>>,
    /// The responsibility lists that differ: lines added, removed and reworded.
    pub lists: Vec<progression::ListChange<'a>>,
}

/// Profiles related to one profile, each with a link comparing the two.
#[derive(Serialize, JsonSchema)]
pub struct Related {
    /// Other roles of the family at the same level, in family order (at most
    /// [`RELATED_LIMIT`]).
    pub same_level: Vec<RelatedProfile>,
    /// The role's next level.
    pub next_level: Option<RelatedProfile>,
}

/// A related profile.
#[derive(Serialize, JsonSchema)]
pub struct RelatedProfile {
    pub title: String,
    pub id: String,
    pub href: String,
    /// The compare page with this profile and the page's own.
    pub compare_href: String,
}

/// A track of the ladder and its levels.
#[derive(Serialize, JsonSchema)]
pub struct TrackSection<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The track's colour number, 1 to 6 (see `LevelChip::tone`).
    pub tone: u8,
    /// The `id` of the track's heading, which the home page's track key links to.
    pub anchor: String,
    /// Plain text, or empty.
    pub description: &'a str,
    pub levels: Vec<LevelSummary<'a>>,
}

/// One row of the levels-at-a-glance grid.
#[derive(Serialize, JsonSchema)]
pub struct GridRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The level's track as a colour number: its position in the ladder's `tracks`, 1 to 6
    /// (a seventh track takes 1 again); 0 if the track is unknown.
    pub tone: u8,
    pub href: String,
    /// One per entry of `dimensions`; `null` where the ladder has no text.
    pub values: Vec<Option<&'a str>>,
}

/// `levels.html`: the ladder guide.
#[derive(Serialize, JsonSchema)]
pub struct LevelsPage<'a> {
    pub tracks: Vec<TrackSection<'a>>,
    /// The six dimension labels: the grid's columns.
    pub dimensions: Vec<&'static str>,
    pub grid: Vec<GridRow<'a>>,
}

/// A profile at a level.
#[derive(Serialize, JsonSchema)]
pub struct LevelProfile<'a> {
    pub title: String,
    /// The family's name.
    pub family: &'a str,
    /// The role's name.
    pub role: &'a str,
    pub href: String,
    pub goals_href: String,
}

/// `level.html`: one level and every profile at it.
#[derive(Serialize, JsonSchema)]
pub struct LevelPage<'a> {
    pub level: LevelSummary<'a>,
    /// The level's ladder-wide pay ranges; `null` when the site publishes no pay or the
    /// ladder-wide table has no range for the level.
    pub pay: Option<PayTable<'a>>,
    /// How many profiles at this level take a range from a family or role table instead.
    pub pay_overrides: usize,
    pub profiles: Vec<LevelProfile<'a>>,
    /// The ladder's previous and next levels.
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

/// `search.html`: the search page.
#[derive(Serialize, JsonSchema)]
pub struct SearchPage<'a> {
    /// The search index manifest, relative to this page.
    pub manifest: String,
    /// The search engine script, relative to this page: load it before the script that uses it.
    pub engine: String,
    /// The family filter's options.
    pub families: Vec<CodeName<'a>>,
    /// The level filter's options.
    pub levels: Vec<CodeName<'a>>,
}

/// `compare.html`: up to [`COMPARE_LIMIT`] profiles side by side, chosen in the page's URL
/// (`?ids=ID1,ID2,…`) and filled in by the theme's script from each profile's JSON document.
#[derive(Serialize, JsonSchema)]
pub struct ComparePage {
    /// The search index manifest, relative to this page, for the profile picker.
    pub manifest: String,
    /// The search engine script, relative to this page, for the profile picker.
    pub engine: String,
    /// The folder of the per-profile JSON documents (`{ID}.json`), relative to this page.
    pub profiles: String,
    /// The most profiles compared at once.
    pub limit: usize,
    /// The ladder guide, for readers without JavaScript.
    pub levels_href: String,
}

/// `downloads.html`: every export file of the site, with its size.
#[derive(Serialize, JsonSchema)]
pub struct DownloadsPage {
    /// The files, in page order: the workbook, the CSV files, the canon document.
    pub files: Vec<DownloadLink>,
    /// How many per-profile JSON documents `api/profiles/` holds.
    pub documents: usize,
    /// One profile document, relative to this page, as an example (`null` without profiles).
    pub document_example: Option<Link>,
}

/// One export file on the downloads page.
#[derive(Serialize, JsonSchema)]
pub struct DownloadLink {
    /// The file, relative to this page.
    pub href: String,
    /// Its file name, e.g. `profiles.csv`.
    pub name: &'static str,
    /// `XLSX`, `CSV` or `JSON`.
    pub format: &'static str,
    /// What it holds, one sentence.
    pub description: &'static str,
    /// What it counts, e.g. `166 profiles` or `7 sheets`.
    pub rows: String,
    /// Its size for people, e.g. `1.2 MB`.
    pub size: String,
    pub bytes: u64,
}

/// `404.html`: nothing but the layout (whose `root` is absolute when `base_url` is set).
#[derive(Serialize, JsonSchema)]
pub struct NotFoundPage {}

/// `redirect.html`: a permalink or former URL.
#[derive(Serialize, JsonSchema)]
pub struct RedirectPage<'a> {
    /// The page it now lives at, relative to this one.
    pub target: String,
    /// That page's title.
    pub title: &'a str,
}

macro_rules! page_contexts {
    ($($page:ident $(<$lt:lifetime>)? => $template:literal, $kind:literal;)*) => {
        $(impl PageContext for $page $(<$lt>)? {
            const TEMPLATE: &'static str = $template;
            const KIND: &'static str = $kind;
        })*
        /// Each page template, its `kind` and the name of its `page` type.
        pub const PAGE_TEMPLATES: &[(&str, &str, &str)] =
            &[$(($template, $kind, stringify!($page)),)*];
        /// The JSON Schema definitions of `Layout`, `Nav` and every page type with all they
        /// hold, keyed by type name: the contract `docs/theming.md` documents.
        pub fn contract_schema() -> serde_json::Map<String, serde_json::Value> {
            let mut generator = schemars::SchemaGenerator::default();
            generator.subschema_for::<Layout<'static>>();
            generator.subschema_for::<Nav<'static>>();
            $(generator.subschema_for::<$page $(<$lt>)?>();)*
            generator.take_definitions(true)
        }
    };
}

page_contexts! {
    HomePage<'_> => "home.html", "home";
    FamilyPage<'_> => "family.html", "family";
    RolePage<'_> => "role.html", "role";
    ProfilePage<'_> => "profile.html", "profile";
    GoalsPage<'_> => "goals.html", "goals";
    LevelsPage<'_> => "levels.html", "levels";
    LevelPage<'_> => "level.html", "level";
    SearchPage<'_> => "search.html", "search";
    ComparePage => "compare.html", "compare";
    DownloadsPage => "downloads.html", "downloads";
    ChangesPage<'_> => "changes.html", "changes";
    GuidePage<'_> => "guide.html", "guide";
    NotFoundPage => "404.html", "not-found";
    RedirectPage<'_> => "redirect.html", "redirect";
}

/// The goals page's context is optional: see [`Ctx::goals`].
impl<'a> PageContext for Option<GoalsPage<'a>> {
    const TEMPLATE: &'static str = GoalsPage::TEMPLATE;
    const KIND: &'static str = GoalsPage::KIND;
}

/// Above this many roles, the home page lists families without their roles.
pub const HOME_ROLE_LIMIT: usize = 300;

/// The compare page shows at most this many profiles.
pub const COMPARE_LIMIT: usize = 4;

/// At most this many "same level in this family" profiles are listed on a profile page.
pub const RELATED_LIMIT: usize = 8;

/// How many track colours a theme defines (`tone` 1 to 6); further tracks reuse them.
pub const TONES: usize = 6;

/// The goals page's table of contents: each framework the sheet holds, with its row count.
fn goal_sections(sheet: &GoalSheet) -> Vec<GoalSection> {
    let section = |anchor, title, rows: Option<usize>, noun: &str| {
        rows.map(|rows| GoalSection {
            anchor,
            title,
            rows,
            count: format!("{rows} {noun}{}", if rows == 1 { "" } else { "s" }),
        })
    };
    let scorecard_items = sheet
        .scorecard
        .as_ref()
        .map(|perspectives| perspectives.iter().map(|p| p.items.len()).sum());
    [
        section(
            "smart",
            frames::SMART_TITLE,
            sheet.smart.as_ref().map(Vec::len),
            "goal",
        ),
        section(
            "okrs",
            frames::OKRS_TITLE,
            sheet.okrs.as_ref().map(Vec::len),
            "objective",
        ),
        section(
            "mbo",
            frames::MBO_TITLE,
            sheet.mbo.as_ref().map(Vec::len),
            "area",
        ),
        section(
            "scorecard",
            frames::SCORECARD_TITLE,
            scorecard_items,
            "measure",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The `id` of a track's heading on the level guide.
fn track_anchor(code: &str) -> String {
    format!("track-{code}")
}

/// Builds the contexts of the pages of one canon, with links relative to `page`.
pub struct Ctx<'a> {
    pub canon: &'a Canon,
    /// What changed since the previous release, with `build --previous`.
    pub changes: Option<&'a SiteChanges>,
    /// Formats pay amounts; `None` when the site publishes no pay.
    pub money: Option<&'a crate::render::money::Money>,
    pub page: &'a Page,
    /// As `layout.root`.
    pub root: &'a str,
}

impl<'a> Ctx<'a> {
    /// The link to a root-relative folder (its `index.html`) or file.
    fn href(&self, file_or_dir: &str) -> String {
        if file_or_dir.is_empty() || file_or_dir.ends_with('/') {
            format!("{}{}", self.root, urls::index_of(file_or_dir))
        } else {
            format!("{}{file_or_dir}", self.root)
        }
    }

    fn link(&self, title: impl Into<String>, dir: &str) -> Link {
        Link {
            title: title.into(),
            href: self.href(dir),
        }
    }

    fn home_crumb(&self) -> Link {
        self.link("Home", "")
    }

    fn find_level(&self, code: &str) -> Option<&'a Level> {
        self.canon.ladder.level(code)
    }

    /// A track's colour number: 1 + its position among the ladder's tracks, cycling through
    /// [`TONES`]; 0 for a track the ladder lacks.
    fn tone_of_track(&self, code: &str) -> u8 {
        let tracks = &self.canon.ladder.tracks;
        tracks
            .iter()
            .position(|t| t.code == code)
            .map_or(0, |i| u8::try_from(i % TONES).map_or(0, |tone| tone + 1))
    }

    fn tone_of_level(&self, code: &str) -> u8 {
        self.find_level(code)
            .map_or(0, |level| self.tone_of_track(&level.track))
    }

    fn role_card(&self, family: &'a Family, role: &'a Role) -> RoleCard<'a> {
        RoleCard {
            name: &role.name,
            code: &role.code,
            href: self.href(&urls::role_dir(family, role)),
            levels: role
                .profiles
                .iter()
                .map(|profile| LevelChip {
                    code: &profile.level,
                    name: self
                        .find_level(&profile.level)
                        .map_or("", |level| level.name.as_str()),
                    tone: self.tone_of_level(&profile.level),
                    href: self.href(&urls::profile_dir(family, role, profile)),
                })
                .collect(),
        }
    }

    /// A family with its roles, or without them (`with_roles: false`) for a compact listing.
    fn family_card(&self, family: &'a Family, with_roles: bool) -> FamilyCard<'a> {
        let roles = if with_roles { &family.roles[..] } else { &[] };
        FamilyCard {
            name: &family.name,
            code: &family.code,
            href: self.href(&urls::family_dir(family)),
            description_html: markdown::to_html(&family.description),
            role_count: family.roles.len(),
            roles: roles
                .iter()
                .map(|role| self.role_card(family, role))
                .collect(),
        }
    }

    fn family_link(&self, family: &'a Family) -> NamedLink<'a> {
        NamedLink {
            name: &family.name,
            href: self.href(&urls::family_dir(family)),
        }
    }

    pub fn home(&self) -> PageParts<HomePage<'a>> {
        let canon = self.canon;
        let roles: usize = canon.families.iter().map(|f| f.roles.len()).sum();
        // A few hundred roles fit on one page with a chip per level; beyond that the home page
        // lists families only, and each family page lists its roles.
        let compact = roles > HOME_ROLE_LIMIT;
        PageParts {
            title: canon.settings.site_title.clone(),
            crumbs: vec![],
            page: HomePage {
                compact,
                families: canon
                    .families
                    .iter()
                    .map(|family| self.family_card(family, !compact))
                    .collect(),
                counts: Counts {
                    families: canon.families.len(),
                    roles,
                    profiles: canon.profile_count(),
                    levels: canon.ladder.levels.len(),
                },
                tracks: canon
                    .ladder
                    .tracks
                    .iter()
                    .map(|track| TrackKey {
                        code: &track.code,
                        name: &track.name,
                        tone: self.tone_of_track(&track.code),
                        href: format!(
                            "{}#{}",
                            self.href(urls::LEVELS_DIR),
                            track_anchor(&track.code)
                        ),
                    })
                    .collect(),
                search_href: self.href(urls::SEARCH_DIR),
                levels_href: self.href(urls::LEVELS_DIR),
                guides: canon
                    .guides
                    .iter()
                    .filter(|guide| guide.nav)
                    .map(|guide| GuideLink {
                        title: &guide.title,
                        description: guide.description.as_deref(),
                        href: self.href(&urls::guide_dir(&guide.path)),
                    })
                    .collect(),
            },
        }
    }

    pub fn family(&self, family: &'a Family) -> PageParts<FamilyPage<'a>> {
        PageParts {
            title: family.name.clone(),
            crumbs: vec![self.home_crumb()],
            page: FamilyPage {
                family: self.family_card(family, true),
            },
        }
    }

    pub fn role(&self, family: &'a Family, role: &'a Role) -> PageParts<RolePage<'a>> {
        let levels = role
            .profiles
            .iter()
            .enumerate()
            .map(|(index, profile)| {
                let level = self.find_level(&profile.level);
                let href = self.href(&urls::profile_dir(family, role, profile));
                RoleLevel {
                    changes_href: (index > 0).then(|| format!("{href}#changes")),
                    code: &profile.level,
                    name: level.map_or("", |l| l.name.as_str()),
                    years: level.map_or("", |l| l.years.as_str()),
                    tone: self.tone_of_level(&profile.level),
                    title: role.profile_title(profile),
                    href,
                    goals_href: self.href(&urls::goals_dir(family, role, profile)),
                }
            })
            .collect();
        let duties = role
            .profiles
            .iter()
            .map(|p| {
                p.core_outputs
                    .iter()
                    .chain(&p.jfm_responsibilities)
                    .chain(&p.components.responsibilities)
                    .map(String::as_str)
                    .collect()
            })
            .collect();
        PageParts {
            title: format!("{} — {}", role.name, family.name),
            crumbs: vec![
                self.home_crumb(),
                self.link(&family.name, &urls::family_dir(family)),
            ],
            page: RolePage {
                family: self.family_link(family),
                role: RoleHeading {
                    name: &role.name,
                    code: &role.code,
                    description_html: markdown::to_html(&role.description),
                },
                levels,
                rows: self.ladder_rows(role),
                duties,
                pay: self.role_pay(family, role),
            },
        }
    }

    /// The six dimension rows, then the two rubric rows, of a role's ladder grid.
    fn ladder_rows(&self, role: &'a Role) -> Vec<LadderRow<'a>> {
        let dimension_rows = Dimension::ALL.into_iter().map(|dimension| LadderRow {
            label: dimension.label(),
            kind: "dimension",
            cells: role
                .profiles
                .iter()
                .map(|p| {
                    self.find_level(&p.level)
                        .and_then(|l| l.dimensions.get(dimension))
                })
                .collect(),
        });
        type RubricOf = fn(&Profile) -> Option<&str>;
        let rubrics: [(&str, RubricOf); 2] = [
            ("Problem-solving rubric", |p| {
                p.rubrics.complexity.as_deref()
            }),
            ("Knowledge-application rubric", |p| {
                p.rubrics.knowledge_application.as_deref()
            }),
        ];
        let rubric_rows = rubrics.into_iter().map(|(label, get)| LadderRow {
            label,
            kind: "rubric",
            cells: role.profiles.iter().map(get).collect(),
        });
        dimension_rows.chain(rubric_rows).collect()
    }

    /// Home › family › role, the crumbs above a profile and its goals page.
    fn profile_crumbs(&self, family: &'a Family, role: &'a Role) -> Vec<Link> {
        vec![
            self.home_crumb(),
            self.link(&family.name, &urls::family_dir(family)),
            self.link(&role.name, &urls::role_dir(family, role)),
        ]
    }

    pub fn profile(&self, at: ProfileRef) -> PageParts<ProfilePage<'a>> {
        let (family, role, profile) = self.resolve(at);
        let sibling = |index: Option<usize>| {
            index
                .and_then(|i| role.profiles.get(i))
                .map(|p| self.link(role.profile_title(p), &urls::profile_dir(family, role, p)))
        };
        let mut lines = search::profile_lines(profile)
            .into_iter()
            .map(|line| AnchoredLine {
                anchor: line.anchor,
                text: line.text,
            });
        let core_outputs = lines.by_ref().take(profile.core_outputs.len()).collect();
        let responsibilities = lines
            .by_ref()
            .take(profile.jfm_responsibilities.len())
            .collect();
        let component_responsibilities = lines.collect();
        let components = profile
            .components
            .lists()
            .into_iter()
            .skip(1)
            .zip(&LineKind::ALL[3..])
            .filter(|((_, _, items), _)| !items.is_empty())
            .map(|((_, name, items), kind)| ComponentList {
                name,
                anchor: kind.anchor_prefix(),
                items,
            })
            .collect();
        let id = role.profile_id(family, profile);
        let changed = self.changed_note(self.changes, &id);
        let title = role.profile_title(profile);
        let related = self.related(family, role, at.profile, &id);
        let compare_href = self.compare_href(&[&id]);
        PageParts {
            title: title.clone(),
            crumbs: self.profile_crumbs(family, role),
            page: ProfilePage {
                permalink: self.href(&urls::id_dir(&id)),
                id,
                title,
                family: self.family_link(family),
                role: NamedLink {
                    name: &role.name,
                    href: self.href(&urls::role_dir(family, role)),
                },
                level: self
                    .find_level(&profile.level)
                    .map(|l| self.level_summary(l)),
                summary_html: markdown::to_html(&profile.summary),
                rubrics: ProfileRubrics {
                    complexity: profile.rubrics.complexity.as_deref(),
                    knowledge_application: profile.rubrics.knowledge_application.as_deref(),
                },
                core_outputs,
                responsibilities,
                component_responsibilities,
                components,
                previous: sibling(at.profile.checked_sub(1)),
                next: sibling(Some(at.profile + 1)),
                goals_href: self.href(&urls::goals_dir(family, role, profile)),
                changes: self.level_changes(family, role, at.profile),
                related,
                compare_href,
                changed,
                pay: self.profile_pay(family, role, &profile.level),
            },
        }
    }

    /// What changes from the role's profile before `index` to it; `None` for the first.
    fn level_changes(
        &self,
        family: &'a Family,
        role: &'a Role,
        index: usize,
    ) -> Option<LevelChanges<'a>> {
        let side = |profile: &'a Profile| {
            self.find_level(&profile.level)
                .map(|level| progression::Side { profile, level })
        };
        let before = role.profiles.get(index.checked_sub(1)?)?;
        let after = role.profiles.get(index)?;
        let changes = progression::between(side(before)?, side(after)?);
        Some(LevelChanges {
            from: &before.level,
            from_href: self.href(&urls::profile_dir(family, role, before)),
            texts: changes.texts,
            lists: changes.lists,
        })
    }

    fn related(&self, family: &'a Family, role: &'a Role, index: usize, id: &str) -> Related {
        let level = &role.profiles[index].level;
        let entry = |other_role: &'a Role, profile: &'a Profile| {
            let other_id = other_role.profile_id(family, profile);
            RelatedProfile {
                title: other_role.profile_title(profile),
                href: self.href(&urls::profile_dir(family, other_role, profile)),
                compare_href: self.compare_href(&[id, &other_id]),
                id: other_id,
            }
        };
        Related {
            same_level: family
                .roles
                .iter()
                .filter(|other| other.code != role.code)
                .filter_map(|other| {
                    let profile = other.profiles.iter().find(|p| &p.level == level)?;
                    Some(entry(other, profile))
                })
                .take(RELATED_LIMIT)
                .collect(),
            next_level: role.profiles.get(index + 1).map(|p| entry(role, p)),
        }
    }

    /// The compare page with `ids` chosen, in that order.
    fn compare_href(&self, ids: &[&str]) -> String {
        format!("{}?ids={}", self.href(urls::COMPARE_DIR), ids.join(","))
    }

    fn level_summary(&self, level: &'a Level) -> LevelSummary<'a> {
        let track = self.canon.ladder.track(&level.track);
        LevelSummary {
            code: &level.code,
            name: &level.name,
            years: &level.years,
            track: track.map_or(level.track.as_str(), |t| t.name.as_str()),
            tone: self.tone_of_level(&level.code),
            meaning_html: markdown::to_html(&level.meaning),
            href: self.href(&urls::level_dir(&level.code)),
            dimensions: level
                .dimensions
                .present()
                .map(|(d, value)| DimensionValue {
                    label: d.label(),
                    value,
                })
                .collect(),
        }
    }

    /// `page` is `None` only if the ladder lacks the profile's level (the build refuses such a
    /// canon before rendering).
    pub fn goals(&self, at: ProfileRef) -> PageParts<Option<GoalsPage<'a>>> {
        let (family, role, profile) = self.resolve(at);
        let title = role.profile_title(profile);
        let mut crumbs = self.profile_crumbs(family, role);
        crumbs.push(self.link(&title, &urls::profile_dir(family, role, profile)));
        let page = self.find_level(&profile.level).map(|level| {
            let sheet = frames::derive(Inputs {
                canon_name: &self.canon.settings.name,
                family,
                role,
                level,
                profile,
            });
            GoalsPage {
                contents: goal_sections(&sheet),
                blocks: GoalBlocks {
                    smart: sheet.smart.as_deref().map(text::smart),
                    okrs: sheet.okrs.as_deref().map(text::okrs),
                    mbo: sheet.mbo.as_deref().map(text::mbo),
                    scorecard: sheet.scorecard.as_deref().map(text::scorecard),
                },
                sheet,
                intros: GoalIntros {
                    smart: Intro {
                        title: frames::SMART_TITLE,
                        text: frames::SMART_INTRO,
                    },
                    okrs: Intro {
                        title: frames::OKRS_TITLE,
                        text: frames::OKRS_INTRO,
                    },
                    mbo: Intro {
                        title: frames::MBO_TITLE,
                        text: frames::MBO_INTRO,
                    },
                    scorecard: Intro {
                        title: frames::SCORECARD_TITLE,
                        text: frames::SCORECARD_INTRO,
                    },
                },
                placeholders: Placeholders {
                    target: frames::TARGET,
                    date: frames::DATE,
                },
                profile_href: self.href(&urls::profile_dir(family, role, profile)),
                text_href: urls::GOALS_TEXT,
                id: role.profile_id(family, profile),
            }
        });
        PageParts {
            title: format!("Goal templates — {title}"),
            crumbs,
            page,
        }
    }

    pub fn levels(&self) -> PageParts<LevelsPage<'a>> {
        let ladder = &self.canon.ladder;
        let tracks = ladder
            .tracks
            .iter()
            .map(|track| TrackSection {
                code: &track.code,
                name: &track.name,
                tone: self.tone_of_track(&track.code),
                anchor: track_anchor(&track.code),
                description: &track.description,
                levels: ladder
                    .levels
                    .iter()
                    .filter(|l| l.track == track.code)
                    .map(|l| self.level_summary(l))
                    .collect(),
            })
            .collect();
        let grid = ladder
            .levels
            .iter()
            .map(|l| GridRow {
                code: &l.code,
                name: &l.name,
                tone: self.tone_of_level(&l.code),
                href: self.href(&urls::level_dir(&l.code)),
                values: Dimension::ALL
                    .iter()
                    .map(|d| l.dimensions.get(*d))
                    .collect(),
            })
            .collect();
        PageParts {
            title: "Levels".to_string(),
            crumbs: vec![self.home_crumb()],
            page: LevelsPage {
                tracks,
                dimensions: Dimension::ALL.iter().map(|d| d.label()).collect(),
                grid,
            },
        }
    }

    pub fn level(&self, index: usize) -> PageParts<LevelPage<'a>> {
        let level = &self.canon.ladder.levels[index];
        let at_level: Vec<(&'a Family, &'a Role, &'a Profile)> = self
            .canon
            .profiles()
            .filter(|(_, _, p)| p.level == level.code)
            .collect();
        let profiles = at_level
            .iter()
            .map(|&(f, r, p)| LevelProfile {
                title: r.profile_title(p),
                family: &f.name,
                role: &r.name,
                href: self.href(&urls::profile_dir(f, r, p)),
                goals_href: self.href(&urls::goals_dir(f, r, p)),
            })
            .collect();
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| self.canon.ladder.levels.get(i)).map(|l| {
                self.link(
                    format!("{} — {}", l.code, l.name),
                    &urls::level_dir(&l.code),
                )
            })
        };
        PageParts {
            title: format!("{} — {}", level.code, level.name),
            crumbs: vec![self.home_crumb(), self.link("Levels", urls::LEVELS_DIR)],
            page: LevelPage {
                level: self.level_summary(level),
                pay: self.level_pay(&level.code),
                pay_overrides: self.level_pay_overrides(&at_level),
                profiles,
                previous: neighbour(index.checked_sub(1)),
                next: neighbour(Some(index + 1)),
            },
        }
    }

    pub fn compare(&self, search: &SearchPaths) -> PageParts<ComparePage> {
        PageParts {
            title: "Compare profiles".to_string(),
            crumbs: vec![self.home_crumb()],
            page: ComparePage {
                manifest: self.href(&search.manifest),
                engine: self.href(&search.engine),
                profiles: format!("{}{}", self.root, urls::PROFILE_DOCS_DIR),
                limit: COMPARE_LIMIT,
                levels_href: self.href(urls::LEVELS_DIR),
            },
        }
    }

    pub fn downloads(&self, exported: &[ExportedFile]) -> PageParts<DownloadsPage> {
        let canon = self.canon;
        let files = exported
            .iter()
            .map(|file| DownloadLink {
                href: self.href(&file.export.site_path()),
                name: file.export.file_name(),
                format: file.export.format().label(),
                description: file.export.description(),
                rows: file.export.counted(canon),
                size: crate::console::human_bytes(file.bytes),
                bytes: file.bytes,
            })
            .collect();
        let document_example = canon.profiles().next().map(|(family, role, profile)| {
            let id = role.profile_id(family, profile);
            self.link(format!("{id}.json"), &urls::profile_document(&id))
        });
        PageParts {
            title: "Downloads".to_string(),
            crumbs: vec![self.home_crumb()],
            page: DownloadsPage {
                files,
                documents: canon.profile_count(),
                document_example,
            },
        }
    }

    pub fn search(&self, search: &SearchPaths) -> PageParts<SearchPage<'a>> {
        PageParts {
            title: "Search".to_string(),
            crumbs: vec![self.home_crumb()],
            page: SearchPage {
                manifest: self.href(&search.manifest),
                engine: self.href(&search.engine),
                families: self
                    .canon
                    .families
                    .iter()
                    .map(|f| CodeName {
                        code: &f.code,
                        name: &f.name,
                    })
                    .collect(),
                levels: self
                    .canon
                    .ladder
                    .levels
                    .iter()
                    .map(|l| CodeName {
                        code: &l.code,
                        name: &l.name,
                    })
                    .collect(),
            },
        }
    }

    pub fn not_found(&self) -> PageParts<NotFoundPage> {
        PageParts {
            title: "Page not found".to_string(),
            crumbs: vec![self.home_crumb()],
            page: NotFoundPage {},
        }
    }

    pub fn redirect(&self, target: &str, title: &'a str) -> PageParts<RedirectPage<'a>> {
        PageParts {
            title: title.to_string(),
            crumbs: vec![],
            page: RedirectPage {
                target: self.href(target),
                title,
            },
        }
    }

    pub fn resolve(&self, at: ProfileRef) -> (&'a Family, &'a Role, &'a Profile) {
        let family = &self.canon.families[at.family];
        let role = &family.roles[at.role];
        (family, role, &role.profiles[at.profile])
    }
}
