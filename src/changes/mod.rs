//! What changed between two canons, semantically: settings, the ladder, families, roles (renamed
//! or moved), profiles, each field and list line, and what that does to the pages and goal
//! frames. Pure; no I/O. [`report`] turns the result into text for people.

mod consequences;
mod families;
mod guides;
mod ladder;
mod pairing;
mod pay;
mod profiles;
pub mod report;

use schemars::JsonSchema;
use serde::Serialize;

use crate::canon::model::{Canon, Settings};
use crate::progression::WordRun;

pub use consequences::{Consequences, FrameChange};
pub(crate) use families::RoleAt;
use families::family_changes;
use ladder::{ladder_entries, level_fields, settings_fields, track_fields};
pub use pairing::Recognised;
pub use pay::{Amounts, PayDiff, RangeChange, ZoneChange};
pub use profiles::list_names;

/// The `format` of the JSON document (`jobframe diff --format json`).
pub const FORMAT: u32 = 1;

/// Everything that differs from `before` to `after`; entries without a difference are left out.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CanonDiff {
    /// The document's format version: 1.
    pub format: u32,
    pub before: Release,
    pub after: Release,
    /// `canon.yaml` settings that differ, in the file's key order.
    pub settings: Vec<FieldChange>,
    pub tracks: Vec<EntryChange>,
    /// Set when the tracks kept on both sides are listed in another order.
    pub tracks_reordered: Option<Reorder>,
    pub levels: Vec<EntryChange>,
    /// Set when the levels kept on both sides are listed in another order.
    pub levels_reordered: Option<Reorder>,
    /// Families with a difference, in the new canon's order, then removed families.
    pub families: Vec<FamilyChange>,
    /// `pay.yaml`'s differences; `null` when there are none (or neither side has pay).
    pub pay: Option<PayDiff>,
    /// Guide pages (`pages/`) with a difference: the new canon's in menu order, then removed
    /// ones.
    pub guides: Vec<GuideChange>,
    pub counts: Counts,
    pub consequences: Consequences,
}

/// Which canon release one side is.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Release {
    pub name: String,
    pub version: String,
    pub effective_date: String,
}

/// One text field that differs.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct FieldChange {
    /// The canon key, e.g. `summary`, `dimensions.scope`, `rubrics.complexity`.
    pub field: String,
    /// How people call it, e.g. `Summary`, `Scope`, `Problem-solving rubric`.
    pub label: String,
    /// `null` where the old canon had no value.
    pub before: Option<String>,
    /// `null` where the new canon has no value.
    pub after: Option<String>,
    /// Both texts as runs of unchanged, deleted and inserted words.
    pub words: Vec<WordRun>,
}

/// What happened to a track, level, family, role or profile.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    /// On both sides; see `fields`, `renamed_from`, `moved_from` and the nested entries.
    Changed,
}

/// The old identity of something renamed, and how it was recognised.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Rename {
    pub code: String,
    /// `null` for levels and tracks, which have no slug.
    pub slug: Option<String>,
    /// How the two were recognised as one: `alias` (the new one lists the old slug or code in
    /// `aliases`), `slug` (same slug, new code), `code` (same code, new slug), `name` (same
    /// name, new code) or `content` (identical content under a new name).
    pub recognised_by: Recognised,
}

/// A track or a level of the ladder.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EntryChange {
    pub code: String,
    pub name: String,
    pub status: Status,
    pub renamed_from: Option<Rename>,
    pub fields: Vec<FieldChange>,
}

/// The codes kept on both sides, in each side's order.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Reorder {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// A family with a difference.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FamilyChange {
    pub code: String,
    pub slug: String,
    pub name: String,
    pub status: Status,
    pub renamed_from: Option<Rename>,
    pub fields: Vec<FieldChange>,
    /// Roles with a difference, in the new canon's order, then removed roles.
    pub roles: Vec<RoleChange>,
}

/// A role with a difference.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoleChange {
    pub code: String,
    pub slug: String,
    pub name: String,
    pub status: Status,
    pub renamed_from: Option<Rename>,
    /// The family the role was in before it moved to this one.
    pub moved_from: Option<FamilyRef>,
    pub fields: Vec<FieldChange>,
    /// Profiles added, removed or changed, in ladder order.
    pub profiles: Vec<ProfileChange>,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct FamilyRef {
    pub code: String,
    pub slug: String,
    pub name: String,
}

/// A profile added, removed, or whose own texts changed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProfileChange {
    /// The profile ID: the new one, or the old one for a removed profile.
    pub id: String,
    /// The ID before, when a rename or move changed it.
    pub before_id: Option<String>,
    pub level: String,
    pub title: String,
    pub status: Status,
    /// Title, summary and rubrics that differ.
    pub fields: Vec<FieldChange>,
    /// Lists with a difference, in page order.
    pub lists: Vec<ListDiff>,
}

/// One list of a profile that differs.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct ListDiff {
    /// The canon key, e.g. `core_outputs`, `components.tasks`.
    pub list: String,
    pub label: String,
    /// The lines on both sides are listed in another order.
    pub reordered: bool,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub reworded: Vec<RewordedLine>,
}

/// How a list's order changed, for the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// The same lines in another order.
    Only,
    /// Lines changed, and those kept are in another order.
    AlsoLines,
}

impl ListDiff {
    /// Whether and how the list was reordered.
    pub fn reorder(&self) -> Option<ListOrder> {
        let lines_changed =
            !(self.added.is_empty() && self.removed.is_empty() && self.reworded.is_empty());
        self.reordered.then_some(if lines_changed {
            ListOrder::AlsoLines
        } else {
            ListOrder::Only
        })
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct RewordedLine {
    pub before: String,
    pub after: String,
    pub words: Vec<WordRun>,
}

/// A guide page added, removed, or whose front matter or text changed. A page is recognised by
/// its path: a renamed file is one page removed and one added.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GuideChange {
    /// Its path under `pages/` without `.md`, e.g. `promotion-faq`; the page is at `/{path}/`.
    pub path: String,
    /// Its title: the new one, or the old one for a removed page.
    pub title: String,
    pub status: Status,
    /// Front-matter keys that differ: `title`, `description`, `nav_order`, `nav`.
    pub fields: Vec<FieldChange>,
    /// The blocks of text (headings, paragraphs, list items, table cells) added, removed and
    /// reworded; `null` when the text is the same.
    pub text: Option<ListDiff>,
}

/// How many of each kind of change.
#[derive(Debug, Clone, Default, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Counts {
    pub settings: usize,
    pub tracks: Tally,
    pub levels: Tally,
    pub families: Tally,
    pub roles: Tally,
    pub profiles: Tally,
    /// Ranges of `pay.yaml`, each table's range for one zone and level counted once.
    pub pay_ranges: Tally,
    pub guides: Tally,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Tally {
    pub added: usize,
    pub removed: usize,
    /// Recognised under a new code or slug (these may have changed otherwise too).
    pub renamed: usize,
    /// Roles only: now in another family.
    pub moved: usize,
    /// On both sides with a difference (renamed and moved ones included).
    pub changed: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }
}

impl CanonDiff {
    /// True when the canons differ in nothing the site or the data files show.
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
            && self.tracks.is_empty()
            && self.levels.is_empty()
            && self.tracks_reordered.is_none()
            && self.levels_reordered.is_none()
            && self.families.is_empty()
            && self.pay.is_none()
            && self.guides.is_empty()
    }

    /// Every profile entry with the family and role it is listed under.
    pub fn profile_entries(
        &self,
    ) -> impl Iterator<Item = (&FamilyChange, &RoleChange, &ProfileChange)> {
        self.families.iter().flat_map(|family| {
            family.roles.iter().flat_map(move |role| {
                role.profiles
                    .iter()
                    .map(move |profile| (family, role, profile))
            })
        })
    }
}

/// The JSON Schema of `jobframe diff --format json` (`jobframe schema diff`).
pub fn json_schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<CanonDiff>()
}

/// What differs from `before` to `after`.
pub fn between(before: &Canon, after: &Canon) -> CanonDiff {
    let (tracks, tracks_reordered) = ladder_entries(
        &before.ladder.tracks,
        &after.ladder.tracks,
        |t| &t.code,
        |t| &t.name,
        track_fields,
    );
    let (levels, levels_reordered) = ladder_entries(
        &before.ladder.levels,
        &after.ladder.levels,
        |l| &l.code,
        |l| &l.name,
        level_fields,
    );
    let (families, roles) = family_changes(before, after);
    let mut diff = CanonDiff {
        format: FORMAT,
        before: release(&before.settings),
        after: release(&after.settings),
        settings: settings_fields(&before.settings, &after.settings),
        tracks,
        tracks_reordered,
        levels,
        levels_reordered,
        families,
        pay: pay::pay_changes(before.pay.as_ref(), after.pay.as_ref()),
        guides: guides::guide_changes(&before.guides, &after.guides),
        counts: Counts::default(),
        consequences: consequences::of(before, after, &roles.to_before),
    };
    diff.counts = count(&diff);
    diff
}

fn release(settings: &Settings) -> Release {
    Release {
        name: settings.name.clone(),
        version: settings.version.clone(),
        effective_date: settings.effective_date.clone(),
    }
}

fn count(diff: &CanonDiff) -> Counts {
    let tally_entries = |entries: &[EntryChange]| {
        let mut tally = Tally::default();
        for entry in entries {
            tally.add(entry.status, entry.renamed_from.is_some(), false);
        }
        tally
    };
    let mut counts = Counts {
        settings: diff.settings.len(),
        tracks: tally_entries(&diff.tracks),
        levels: tally_entries(&diff.levels),
        ..Counts::default()
    };
    for range in diff.pay.iter().flat_map(|pay| &pay.ranges) {
        counts.pay_ranges.add(range.status, false, false);
    }
    for guide in &diff.guides {
        counts.guides.add(guide.status, false, false);
    }
    for family in &diff.families {
        counts
            .families
            .add(family.status, family.renamed_from.is_some(), false);
        for role in &family.roles {
            counts.roles.add(
                role.status,
                role.renamed_from.is_some(),
                role.moved_from.is_some(),
            );
            for profile in &role.profiles {
                counts.profiles.add(profile.status, false, false);
            }
        }
    }
    counts
}

impl Tally {
    fn add(&mut self, status: Status, renamed: bool, moved: bool) {
        match status {
            Status::Added => self.added += 1,
            Status::Removed => self.removed += 1,
            Status::Changed => self.changed += 1,
        }
        self.renamed += usize::from(renamed);
        self.moved += usize::from(moved);
    }
}

#[cfg(test)]
mod tests;
