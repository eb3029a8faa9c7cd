//! What changed between two canons, semantically: settings, the ladder, families, roles (renamed
//! or moved), profiles, each field and list line, and what that does to the pages and goal
//! frames. Pure; no I/O. [`report`] turns the result into text for people.

mod consequences;
mod pairing;
pub mod report;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::canon::model::{
    Aliases, Canon, Dimension, Family, Level, LineKind, Profile, Role, Settings, Track,
};
use crate::progression::{self, WordRun};

pub use consequences::{Consequences, FrameChange};
use pairing::Recognised;

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

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct RewordedLine {
    pub before: String,
    pub after: String,
    pub words: Vec<WordRun>,
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

/// A field change when the texts differ.
fn field(key: &str, label: &str, before: Option<&str>, after: Option<&str>) -> Option<FieldChange> {
    let change = progression::text_change("", before, after)?;
    Some(FieldChange {
        field: key.to_string(),
        label: label.to_string(),
        before: before.map(str::to_string),
        after: after.map(str::to_string),
        words: change.words,
    })
}

fn settings_fields(before: &Settings, after: &Settings) -> Vec<FieldChange> {
    let flag = |on: bool| if on { "true" } else { "false" };
    [
        field("name", "Name", Some(&before.name), Some(&after.name)),
        field(
            "site_title",
            "Site title",
            Some(&before.site_title),
            Some(&after.site_title),
        ),
        field(
            "version",
            "Version",
            Some(&before.version),
            Some(&after.version),
        ),
        field(
            "effective_date",
            "Effective date",
            Some(&before.effective_date),
            Some(&after.effective_date),
        ),
        field(
            "language",
            "Language",
            Some(&before.language),
            Some(&after.language),
        ),
        field(
            "base_url",
            "Base URL",
            before.base_url.as_deref(),
            after.base_url.as_deref(),
        ),
        field(
            "allow_indexing",
            "Allow indexing",
            Some(flag(before.allow_indexing)),
            Some(flag(after.allow_indexing)),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn track_fields(before: &Track, after: &Track) -> Vec<FieldChange> {
    [
        field("name", "Name", Some(&before.name), Some(&after.name)),
        field(
            "description",
            "Description",
            Some(&before.description),
            Some(&after.description),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn level_fields(before: &Level, after: &Level) -> Vec<FieldChange> {
    let mut fields: Vec<FieldChange> = [
        field("name", "Name", Some(&before.name), Some(&after.name)),
        field("track", "Track", Some(&before.track), Some(&after.track)),
        field("years", "Years", Some(&before.years), Some(&after.years)),
        field(
            "meaning",
            "Meaning",
            Some(&before.meaning),
            Some(&after.meaning),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    fields.extend(Dimension::ALL.into_iter().filter_map(|dimension| {
        field(
            &format!("dimensions.{}", dimension.key()),
            dimension.label(),
            before.dimensions.get(dimension),
            after.dimensions.get(dimension),
        )
    }));
    fields
}

/// Tracks or levels: paired by code, then by name or identical content under a new code.
fn ladder_entries<T: PartialEq>(
    before: &[T],
    after: &[T],
    code: impl Fn(&T) -> &String,
    name: impl Fn(&T) -> &String,
    fields: impl Fn(&T, &T) -> Vec<FieldChange>,
) -> (Vec<EntryChange>, Option<Reorder>) {
    let pairs = pairing::pair(
        before,
        after,
        &[
            (Recognised::Code, &|b: &T, a: &T| code(b) == code(a)),
            (Recognised::Name, &|b: &T, a: &T| name(b) == name(a)),
        ],
        &|b: &T, a: &T| fields(b, a).iter().all(|f| f.field == "name"),
    );
    let entry = |item: &T, status, renamed_from, fields| EntryChange {
        code: code(item).clone(),
        name: name(item).clone(),
        status,
        renamed_from,
        fields,
    };
    let mut entries = Vec::new();
    for (index, item) in after.iter().enumerate() {
        let Some((old, how)) = pairs.of_after(index) else {
            entries.push(entry(item, Status::Added, None, Vec::new()));
            continue;
        };
        let previous = &before[old];
        let renamed_from = (code(previous) != code(item)).then(|| Rename {
            code: code(previous).clone(),
            slug: None,
            recognised_by: how,
        });
        let changed = fields(previous, item);
        if renamed_from.is_some() || !changed.is_empty() {
            entries.push(entry(item, Status::Changed, renamed_from, changed));
        }
    }
    for index in pairs.unpaired_before() {
        entries.push(entry(&before[index], Status::Removed, None, Vec::new()));
    }
    let kept_before: Vec<String> = (0..before.len())
        .filter(|&i| pairs.of_before(i).is_some())
        .map(|i| code(&before[i]).clone())
        .collect();
    // The old codes in the new order: a rename alone is not a reorder.
    let kept_after: Vec<String> = (0..after.len())
        .filter_map(|i| pairs.of_after(i).map(|(old, _)| code(&before[old]).clone()))
        .collect();
    let reordered = (kept_before != kept_after).then(|| Reorder {
        before: kept_before,
        after: (0..after.len())
            .filter(|&i| pairs.of_after(i).is_some())
            .map(|i| code(&after[i]).clone())
            .collect(),
    });
    (entries, reordered)
}

fn family_ref(family: &Family) -> FamilyRef {
    FamilyRef {
        code: family.code.clone(),
        slug: family.slug.clone(),
        name: family.name.clone(),
    }
}

fn listed_as_alias(aliases: &Aliases, code: &str, slug: &str) -> bool {
    aliases.codes.iter().any(|c| c == code) || aliases.slugs.iter().any(|s| s == slug)
}

/// A family's own content, without its identity: used to recognise a renamed family.
fn same_family_content(before: &Family, after: &Family) -> bool {
    before.name == after.name
        && before.description == after.description
        && before.roles.len() == after.roles.len()
        && before
            .roles
            .iter()
            .zip(&after.roles)
            .all(|(b, a)| same_role_content(b, a))
}

fn same_role_content(before: &Role, after: &Role) -> bool {
    before.name == after.name
        && before.description == after.description
        && before.profiles == after.profiles
}

fn family_changes(before: &Canon, after: &Canon) -> (Vec<FamilyChange>, RolePairs) {
    let families = pairing::pair(
        &before.families,
        &after.families,
        &[
            (Recognised::Code, &|b: &Family, a: &Family| b.code == a.code),
            (Recognised::Alias, &|b: &Family, a: &Family| {
                listed_as_alias(&a.aliases, &b.code, &b.slug)
            }),
            (Recognised::Slug, &|b: &Family, a: &Family| b.slug == a.slug),
        ],
        &same_family_content,
    );
    let mut roles = RolePairs::default();
    for (a, family) in after.families.iter().enumerate() {
        if let Some((b, _)) = families.of_after(a) {
            roles.pair_within(b, &before.families[b], a, family);
        }
    }
    roles.pair_moves(before, after);

    let mut changes = Vec::new();
    for (a, family) in after.families.iter().enumerate() {
        let old = families.of_after(a);
        let previous = old.map(|(b, _)| &before.families[b]);
        let role_changes = roles.changes_in(before, after, a, old.map(|(b, _)| b));
        let status = if old.is_some() {
            Status::Changed
        } else {
            Status::Added
        };
        let renamed_from = old.and_then(|(b, how)| {
            let was = &before.families[b];
            (was.code != family.code || was.slug != family.slug).then(|| Rename {
                code: was.code.clone(),
                slug: Some(was.slug.clone()),
                recognised_by: how,
            })
        });
        let fields = previous.map_or_else(Vec::new, |was| {
            [
                field("name", "Name", Some(&was.name), Some(&family.name)),
                field(
                    "description",
                    "Description",
                    Some(&was.description),
                    Some(&family.description),
                ),
            ]
            .into_iter()
            .flatten()
            .collect()
        });
        if status == Status::Added
            || renamed_from.is_some()
            || !fields.is_empty()
            || !role_changes.is_empty()
        {
            changes.push(FamilyChange {
                code: family.code.clone(),
                slug: family.slug.clone(),
                name: family.name.clone(),
                status,
                renamed_from,
                fields,
                roles: role_changes,
            });
        }
    }
    for b in families.unpaired_before() {
        let family = &before.families[b];
        changes.push(FamilyChange {
            code: family.code.clone(),
            slug: family.slug.clone(),
            name: family.name.clone(),
            status: Status::Removed,
            renamed_from: None,
            fields: Vec::new(),
            roles: roles.removed_in(before, b),
        });
    }
    (changes, roles)
}

/// A role's place in its canon: `(family index, role index)`.
pub(crate) type RoleAt = (usize, usize);

/// Which old role each new role is, across the whole canon.
#[derive(Default)]
struct RolePairs {
    /// New (family, role) → old (family, role) and how it was recognised.
    to_before: BTreeMap<RoleAt, (RoleAt, Recognised)>,
    /// Old (family, role) that have a new counterpart.
    paired_before: BTreeMap<RoleAt, RoleAt>,
}

impl RolePairs {
    fn link(&mut self, old: (usize, usize), new: (usize, usize), how: Recognised) {
        self.to_before.insert(new, (old, how));
        self.paired_before.insert(old, new);
    }

    fn pair_within(&mut self, b: usize, before: &Family, a: usize, after: &Family) {
        let pairs = pairing::pair(
            &before.roles,
            &after.roles,
            &[
                (Recognised::Code, &|x: &Role, y: &Role| x.code == y.code),
                (Recognised::Alias, &|x: &Role, y: &Role| {
                    listed_as_alias(&y.aliases, &x.code, &x.slug)
                }),
                (Recognised::Slug, &|x: &Role, y: &Role| x.slug == y.slug),
            ],
            &same_role_content,
        );
        for r in 0..after.roles.len() {
            if let Some((old, how)) = pairs.of_after(r) {
                self.link((b, old), (a, r), how);
            }
        }
    }

    /// Roles that left one family and arrived in another: same code and slug, listed as an
    /// alias, or identical content.
    fn pair_moves(&mut self, before: &Canon, after: &Canon) {
        let gone: Vec<(usize, usize)> = indices(before)
            .filter(|old| !self.paired_before.contains_key(old))
            .collect();
        let new: Vec<(usize, usize)> = indices(after)
            .filter(|new| !self.to_before.contains_key(new))
            .collect();
        if gone.is_empty() || new.is_empty() {
            return;
        }
        fn role(canon: &Canon, (f, r): RoleAt) -> &Role {
            &canon.families[f].roles[r]
        }
        let gone_roles: Vec<&Role> = gone.iter().map(|&at| role(before, at)).collect();
        let new_roles: Vec<&Role> = new.iter().map(|&at| role(after, at)).collect();
        let pairs = pairing::pair(
            &gone_roles,
            &new_roles,
            &[
                (Recognised::Code, &|x: &&Role, y: &&Role| {
                    x.code == y.code && (x.slug == y.slug || x.name == y.name)
                }),
                (Recognised::Alias, &|x: &&Role, y: &&Role| {
                    listed_as_alias(&y.aliases, &x.code, &x.slug)
                }),
            ],
            &|x: &&Role, y: &&Role| same_role_content(x, y),
        );
        for (j, &at) in new.iter().enumerate() {
            if let Some((i, how)) = pairs.of_after(j) {
                self.link(gone[i], at, how);
            }
        }
    }

    /// The role entries of new family `a` (old family `b` when it has one).
    fn changes_in(
        &self,
        before: &Canon,
        after: &Canon,
        a: usize,
        b: Option<usize>,
    ) -> Vec<RoleChange> {
        let family = &after.families[a];
        let mut changes = Vec::new();
        for (r, role) in family.roles.iter().enumerate() {
            let change = match self.to_before.get(&(a, r)) {
                None => Some(whole_role(family, role, Status::Added)),
                Some(&((of, or), how)) => {
                    let old_family = &before.families[of];
                    let old_role = &old_family.roles[or];
                    role_change(
                        (old_family, old_role),
                        (family, role),
                        how,
                        (Some(of) != b).then(|| family_ref(old_family)),
                        (&before.ladder.levels, &after.ladder.levels),
                    )
                }
            };
            changes.extend(change);
        }
        if let Some(b) = b {
            changes.extend(self.removed_in(before, b));
        }
        changes
    }

    /// The roles of old family `b` that have no counterpart, as removed.
    fn removed_in(&self, before: &Canon, b: usize) -> Vec<RoleChange> {
        let family = &before.families[b];
        family
            .roles
            .iter()
            .enumerate()
            .filter(|(r, _)| !self.paired_before.contains_key(&(b, *r)))
            .map(|(_, role)| whole_role(family, role, Status::Removed))
            .collect()
    }
}

fn indices(canon: &Canon) -> impl Iterator<Item = (usize, usize)> + '_ {
    canon
        .families
        .iter()
        .enumerate()
        .flat_map(|(f, family)| (0..family.roles.len()).map(move |r| (f, r)))
}

/// A role added or removed as a whole, with each of its profiles.
fn whole_role(family: &Family, role: &Role, status: Status) -> RoleChange {
    RoleChange {
        code: role.code.clone(),
        slug: role.slug.clone(),
        name: role.name.clone(),
        status,
        renamed_from: None,
        moved_from: None,
        fields: Vec::new(),
        profiles: role
            .profiles
            .iter()
            .map(|profile| whole_profile(family, role, profile, status))
            .collect(),
    }
}

fn whole_profile(family: &Family, role: &Role, profile: &Profile, status: Status) -> ProfileChange {
    ProfileChange {
        id: role.profile_id(family, profile),
        before_id: None,
        level: profile.level.clone(),
        title: role.profile_title(profile),
        status,
        fields: Vec::new(),
        lists: Vec::new(),
    }
}

/// A role on both sides: its entry when anything about it differs.
fn role_change(
    (old_family, old): (&Family, &Role),
    (family, role): (&Family, &Role),
    how: Recognised,
    moved_from: Option<FamilyRef>,
    (old_levels, new_levels): (&[Level], &[Level]),
) -> Option<RoleChange> {
    let renamed_from = (old.code != role.code || old.slug != role.slug).then(|| Rename {
        code: old.code.clone(),
        slug: Some(old.slug.clone()),
        recognised_by: how,
    });
    let fields: Vec<FieldChange> = [
        field("name", "Name", Some(&old.name), Some(&role.name)),
        field(
            "description",
            "Description",
            Some(&old.description),
            Some(&role.description),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut profiles = Vec::new();
    // Profiles in the new ladder order; removed levels where they stood.
    let position = |level: &str| {
        new_levels
            .iter()
            .position(|l| l.code == level)
            .or_else(|| old_levels.iter().position(|l| l.code == level))
    };
    for profile in &role.profiles {
        match old.profiles.iter().find(|p| p.level == profile.level) {
            None => profiles.push(whole_profile(family, role, profile, Status::Added)),
            Some(was) if was != profile => {
                let mut change = profile_change(was, profile);
                change.id = role.profile_id(family, profile);
                let old_id = old.profile_id(old_family, was);
                change.before_id = (old_id != change.id).then_some(old_id);
                change.title = role.profile_title(profile);
                profiles.push(change);
            }
            Some(_) => {}
        }
    }
    for was in &old.profiles {
        if !role.profiles.iter().any(|p| p.level == was.level) {
            profiles.push(whole_profile(old_family, old, was, Status::Removed));
        }
    }
    profiles.sort_by_key(|p| position(&p.level));
    (renamed_from.is_some() || moved_from.is_some() || !fields.is_empty() || !profiles.is_empty())
        .then(|| RoleChange {
            code: role.code.clone(),
            slug: role.slug.clone(),
            name: role.name.clone(),
            status: Status::Changed,
            renamed_from,
            moved_from,
            fields,
            profiles,
        })
}

/// The differences of one profile's own texts (its ID and title are filled in by the caller).
fn profile_change(before: &Profile, after: &Profile) -> ProfileChange {
    let fields = [
        field(
            "title",
            "Title",
            before.title.as_deref(),
            after.title.as_deref(),
        ),
        field(
            "summary",
            "Summary",
            Some(&before.summary),
            Some(&after.summary),
        ),
        field(
            "rubrics.complexity",
            "Problem-solving rubric",
            before.rubrics.complexity.as_deref(),
            after.rubrics.complexity.as_deref(),
        ),
        field(
            "rubrics.knowledge_application",
            "Knowledge-application rubric",
            before.rubrics.knowledge_application.as_deref(),
            after.rubrics.knowledge_application.as_deref(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lists = LineKind::ALL
        .into_iter()
        .filter_map(|kind| lines_diff(kind, before.lines(kind), after.lines(kind)))
        .collect();
    ProfileChange {
        id: String::new(),
        before_id: None,
        level: after.level.clone(),
        title: String::new(),
        status: Status::Changed,
        fields,
        lists,
    }
}

/// The canon key and the label of a list of lines.
pub fn list_names(kind: LineKind) -> (&'static str, &'static str) {
    match kind {
        LineKind::CoreOutput => ("core_outputs", "Core outputs"),
        LineKind::JfmResponsibility => ("jfm_responsibilities", "JFM responsibilities"),
        LineKind::ComponentResponsibility => {
            ("components.responsibilities", "Component responsibilities")
        }
        LineKind::Task => ("components.tasks", "Tasks"),
        LineKind::Skill => ("components.skills", "Skills"),
        LineKind::Knowledge => ("components.knowledge", "Knowledge"),
        LineKind::Competency => ("components.competencies", "Competencies"),
        LineKind::Qualification => ("components.qualifications", "Qualifications"),
    }
}

/// One list's lines added, removed and reworded, counting repeated lines, and whether the
/// lines on both sides changed order.
fn lines_diff(kind: LineKind, before: &[String], after: &[String]) -> Option<ListDiff> {
    if before == after {
        return None;
    }
    let removed = left_over(before, after);
    let added = left_over(after, before);
    let kept_before = kept(before, &removed);
    let kept_after = kept(after, &added);
    let (reworded, added, removed) = progression::pair_lines(&removed, &added);
    let (list, label) = list_names(kind);
    Some(ListDiff {
        list: list.to_string(),
        label: label.to_string(),
        reordered: kept_before != kept_after,
        added: added.into_iter().map(str::to_string).collect(),
        removed: removed.into_iter().map(str::to_string).collect(),
        reworded: reworded
            .into_iter()
            .map(|r| RewordedLine {
                before: r.before.to_string(),
                after: r.after.to_string(),
                words: r.words,
            })
            .collect(),
    })
}

/// The lines of `lines` not matched one for one by a line of `other`, in order.
fn left_over<'a>(lines: &'a [String], other: &[String]) -> Vec<&'a str> {
    let mut available: BTreeMap<&str, usize> = BTreeMap::new();
    for line in other {
        *available.entry(line).or_default() += 1;
    }
    lines
        .iter()
        .filter(|line| match available.get_mut(line.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .map(String::as_str)
        .collect()
}

/// `lines` without the (in order, one for one) `left` lines.
fn kept<'a>(lines: &'a [String], left: &[&str]) -> Vec<&'a str> {
    let mut dropping: BTreeMap<&str, usize> = BTreeMap::new();
    for line in left {
        *dropping.entry(line).or_default() += 1;
    }
    lines
        .iter()
        .map(String::as_str)
        .filter(|line| match dropping.get_mut(line) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
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
