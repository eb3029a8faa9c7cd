//! The `changes/` page's context ("What changed in {version}") and the "Changed in" note of a
//! profile page: the semantic diff with a link to every page it concerns.

use std::cell::Cell;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Ctx, PageParts};
use crate::canon::guide::GUIDES_DIR;
use crate::canon::model::{Family, Profile, Role};
use crate::canon::urls;
use crate::changes::report::{self, rename_note, status_word};
use crate::changes::{
    EntryChange, FamilyChange, FieldChange, ListDiff, ListOrder, ProfileChange, RewordedLine,
    RoleChange, Status,
};
use crate::site::changes::{self as anchors, SiteChanges};

/// `changes.html`: what changed since the previous release.
#[derive(Serialize, JsonSchema)]
pub struct ChangesPage<'a> {
    /// This release's version, and the previous one's.
    pub version: &'a str,
    pub previous_version: &'a str,
    pub effective_date: &'a str,
    pub previous_effective_date: &'a str,
    /// One sentence: how many settings, levels, families, roles and profiles differ.
    pub summary: String,
    /// One sentence: how many profile and goal templates pages change.
    pub pages: String,
    /// Counts by kind; kinds without a change are left out.
    pub counts: Vec<CountRow>,
    /// `canon.yaml` settings that differ.
    pub settings: &'a [FieldChange],
    /// Tracks and levels added, removed, renamed or changed.
    pub ladder: Vec<LadderEntry<'a>>,
    /// e.g. `Levels reordered: P1, P3, P2 (was P1, P2, P3)`.
    pub reorders: Vec<String>,
    /// Goal frames that gain or lose rows, by profile.
    pub frames: Vec<FrameEntry<'a>>,
    pub families: Vec<FamilyEntry<'a>>,
    /// What changed in `pay.yaml`; `null` when nothing did, or the site publishes no pay.
    pub pay: Option<PayEntry<'a>>,
    /// Guide pages added, removed or changed.
    pub guides: Vec<GuideEntry<'a>>,
    /// How many profile entries are listed without their details, past the page's budget of
    /// [`DETAIL_BYTES`] of changed text (`jobframe diff` shows them all); usually 0.
    pub condensed: usize,
}

/// The changes of `pay.yaml`. Amounts are plain numbers in each zone's currency.
#[derive(Serialize, JsonSchema)]
pub struct PayEntry<'a> {
    /// `added`, `removed` or `changed`: the file as a whole.
    pub status: &'static str,
    /// `effective_date` and `period`, when they differ.
    pub fields: &'a [FieldChange],
    /// e.g. `Zone FR France: added`.
    pub zones: Vec<PayLine<'a>>,
    /// e.g. `ladder-wide US P5: 130000–150000–170000 → 135000–155000–175000`.
    pub ranges: Vec<PayLine<'a>>,
}

/// A guide page with a difference.
#[derive(Serialize, JsonSchema)]
pub struct GuideEntry<'a> {
    pub title: &'a str,
    /// Its file, e.g. `pages/promotion-faq.md`.
    pub file: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// The page; `null` when removed.
    pub href: Option<String>,
    /// Front-matter keys that differ (title, description, menu order, in the menu).
    pub fields: &'a [FieldChange],
    /// Its blocks of text added, removed and reworded; `null` when the text is the same.
    pub text: Option<ListEntry<'a>>,
}

/// One line of the pay changes.
#[derive(Serialize, JsonSchema)]
pub struct PayLine<'a> {
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    pub text: String,
    /// Changed fields of a zone (its name, its currency).
    pub fields: &'a [FieldChange],
}

/// The changes page shows the changed texts of profiles until they add up to this many bytes;
/// later profile entries are listed without details, so a release that rewords every profile
/// still gives a page a browser opens quickly.
pub const DETAIL_BYTES: usize = 1_000_000;

#[derive(Serialize, JsonSchema)]
pub struct CountRow {
    pub label: &'static str,
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub moved: usize,
    pub changed: usize,
}

/// A track or level with a difference.
#[derive(Serialize, JsonSchema)]
pub struct LadderEntry<'a> {
    /// `Track` or `Level`.
    pub noun: &'static str,
    /// The entry's id on the page (levels only).
    pub anchor: Option<String>,
    pub code: &'a str,
    pub name: &'a str,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// The level's page; `null` for tracks and removed levels.
    pub href: Option<String>,
    /// e.g. `renamed from P6, recognised by its name`.
    pub note: Option<String>,
    pub fields: &'a [FieldChange],
}

#[derive(Serialize, JsonSchema)]
pub struct FrameEntry<'a> {
    pub id: &'a str,
    /// The profile's goal templates page.
    pub href: Option<String>,
    pub changes: &'a [String],
}

#[derive(Serialize, JsonSchema)]
pub struct FamilyEntry<'a> {
    pub anchor: String,
    pub code: &'a str,
    pub name: &'a str,
    pub status: &'static str,
    /// The family's page; `null` when removed.
    pub href: Option<String>,
    /// Renames and counts, e.g. `renamed from SAL (sales), recognised by its aliases`.
    pub notes: Vec<String>,
    pub fields: &'a [FieldChange],
    pub roles: Vec<RoleEntry<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct RoleEntry<'a> {
    pub anchor: String,
    pub code: &'a str,
    pub name: &'a str,
    pub status: &'static str,
    /// The role's page; `null` when removed.
    pub href: Option<String>,
    /// Renames and moves, e.g. `moved from Sales (SAL)`.
    pub notes: Vec<String>,
    pub fields: &'a [FieldChange],
    pub profiles: Vec<ProfileEntry<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct ProfileEntry<'a> {
    /// The entry's id: the profile ID (a profile page's "Changed in" note links to it).
    pub anchor: &'a str,
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'static str,
    /// The ID before a rename or move.
    pub was: Option<&'a str>,
    /// The profile page and its goal templates; `null` when removed.
    pub href: Option<String>,
    pub goals_href: Option<String>,
    pub fields: &'a [FieldChange],
    pub lists: Vec<ListEntry<'a>>,
    /// Listed without its details (`fields` and `lists` empty): the page's budget was spent.
    pub condensed: bool,
}

#[derive(Serialize, JsonSchema)]
pub struct ListEntry<'a> {
    pub label: &'a str,
    /// `reordered` when only the order changed, `also reordered` when lines changed too.
    pub order: Option<&'static str>,
    pub added: &'a [String],
    pub removed: &'a [String],
    pub reworded: &'a [RewordedLine],
}

/// The note on a profile page changed in this release.
#[derive(Serialize, JsonSchema)]
pub struct ChangedNote<'a> {
    pub version: &'a str,
    /// The entry on the changes page that says what changed.
    pub href: String,
}

/// Where each current profile's pages are, by ID.
type PageDirs = BTreeMap<String, (String, String)>;

impl<'a> Ctx<'a> {
    /// The "Changed in" note of profile `id`, when its page changed in this release.
    pub fn changed_note(
        &self,
        changes: Option<&'a SiteChanges>,
        id: &str,
    ) -> Option<ChangedNote<'a>> {
        let changes = changes?;
        let anchor = changes.note_of(id)?;
        Some(ChangedNote {
            version: &changes.diff.after.version,
            href: format!("{}#{anchor}", self.href(urls::CHANGES_DIR)),
        })
    }

    pub fn changes(&self, changes: &'a SiteChanges) -> PageParts<ChangesPage<'a>> {
        let diff = &changes.diff;
        let dirs: PageDirs = self
            .canon
            .profiles()
            .map(|(family, role, profile)| {
                (
                    role.profile_id(family, profile),
                    page_dirs(family, role, profile),
                )
            })
            .collect();
        let budget = Budget {
            left: Cell::new(DETAIL_BYTES),
            condensed: Cell::new(0),
        };
        let mut ladder: Vec<LadderEntry<'a>> = diff
            .tracks
            .iter()
            .map(|e| self.ladder_entry("Track", e))
            .collect();
        ladder.extend(diff.levels.iter().map(|e| self.ladder_entry("Level", e)));
        let reorders = [
            ("Tracks", &diff.tracks_reordered),
            ("Levels", &diff.levels_reordered),
        ]
        .into_iter()
        .filter_map(|(noun, order)| {
            let order = order.as_ref()?;
            Some(format!(
                "{noun} reordered: {} (was {})",
                order.after.join(", "),
                order.before.join(", ")
            ))
        })
        .collect();
        PageParts {
            title: format!("What changed in {}", diff.after.version),
            crumbs: vec![self.home_crumb()],
            page: ChangesPage {
                pay: diff.pay.as_ref().map(pay_entry),
                guides: diff
                    .guides
                    .iter()
                    .map(|guide| GuideEntry {
                        title: &guide.title,
                        file: format!("{GUIDES_DIR}/{}.md", guide.path),
                        status: status_word(guide.status),
                        href: (guide.status != Status::Removed)
                            .then(|| self.href(&urls::guide_dir(&guide.path))),
                        fields: &guide.fields,
                        text: guide.text.as_ref().map(list_entry),
                    })
                    .collect(),
                version: &diff.after.version,
                previous_version: &diff.before.version,
                effective_date: &diff.after.effective_date,
                previous_effective_date: &diff.before.effective_date,
                summary: report::capitalised(&report::summary(diff)),
                pages: report::pages_sentence(diff),
                counts: count_rows(diff),
                settings: &diff.settings,
                ladder,
                reorders,
                frames: diff
                    .consequences
                    .frames
                    .iter()
                    .map(|frame| FrameEntry {
                        id: &frame.id,
                        href: dirs.get(&frame.id).map(|(_, goals)| self.href(goals)),
                        changes: &frame.changes,
                    })
                    .collect(),
                families: diff
                    .families
                    .iter()
                    .map(|family| self.family_entry(family, &dirs, &budget))
                    .collect(),
                condensed: budget.condensed.get(),
            },
        }
    }

    fn ladder_entry(&self, noun: &'static str, entry: &'a EntryChange) -> LadderEntry<'a> {
        let is_level = noun == "Level";
        LadderEntry {
            noun,
            anchor: is_level.then(|| anchors::level_anchor(&entry.code)),
            code: &entry.code,
            name: &entry.name,
            status: status_word(entry.status),
            href: (is_level && entry.status != Status::Removed)
                .then(|| self.href(&urls::level_dir(&entry.code))),
            note: entry.renamed_from.as_ref().map(rename_note),
            fields: &entry.fields,
        }
    }

    fn family_entry(
        &self,
        family: &'a FamilyChange,
        dirs: &PageDirs,
        budget: &Budget,
    ) -> FamilyEntry<'a> {
        let current = self.canon.families.iter().find(|f| f.code == family.code);
        let mut notes: Vec<String> = family.renamed_from.iter().map(rename_note).collect();
        if family.status != Status::Changed {
            notes.push(report::family_size(family));
        }
        FamilyEntry {
            anchor: anchors::family_anchor(&family.code),
            code: &family.code,
            name: &family.name,
            status: status_word(family.status),
            href: current
                .filter(|_| family.status != Status::Removed)
                .map(|f| self.href(&urls::family_dir(f))),
            notes,
            fields: &family.fields,
            roles: family
                .roles
                .iter()
                .map(|role| self.role_entry(family, current, role, dirs, budget))
                .collect(),
        }
    }

    fn role_entry(
        &self,
        family: &'a FamilyChange,
        current: Option<&'a Family>,
        role: &'a RoleChange,
        dirs: &PageDirs,
        budget: &Budget,
    ) -> RoleEntry<'a> {
        let mut notes: Vec<String> = role.renamed_from.iter().map(rename_note).collect();
        if let Some(from) = &role.moved_from {
            notes.push(format!("moved from {} ({})", from.name, from.code));
        }
        let href = current
            .filter(|_| role.status != Status::Removed)
            .and_then(|f| {
                let r = f.roles.iter().find(|r| r.code == role.code)?;
                Some(self.href(&urls::role_dir(f, r)))
            });
        RoleEntry {
            anchor: anchors::role_anchor(&family.code, &role.code),
            code: &role.code,
            name: &role.name,
            status: status_word(role.status),
            href,
            notes,
            fields: &role.fields,
            profiles: role
                .profiles
                .iter()
                .map(|profile| self.profile_entry(profile, dirs, budget))
                .collect(),
        }
    }

    fn profile_entry(
        &self,
        profile: &'a ProfileChange,
        dirs: &PageDirs,
        budget: &Budget,
    ) -> ProfileEntry<'a> {
        let pages = (profile.status != Status::Removed)
            .then(|| dirs.get(&profile.id))
            .flatten();
        let detailed = budget.spend(detail_bytes(profile));
        ProfileEntry {
            anchor: &profile.id,
            id: &profile.id,
            title: &profile.title,
            status: status_word(profile.status),
            was: profile.before_id.as_deref(),
            href: pages.map(|(page, _)| self.href(page)),
            goals_href: pages.map(|(_, goals)| self.href(goals)),
            fields: if detailed { &profile.fields } else { &[] },
            lists: if detailed {
                profile.lists.iter().map(list_entry).collect()
            } else {
                Vec::new()
            },
            condensed: !detailed,
        }
    }
}

/// What is left of [`DETAIL_BYTES`] while the page is put together, and how many profile
/// entries went without details.
struct Budget {
    left: Cell<usize>,
    condensed: Cell<usize>,
}

impl Budget {
    /// Takes `bytes` from the budget if they fit; else counts one more condensed entry.
    fn spend(&self, bytes: usize) -> bool {
        if bytes == 0 {
            return true;
        }
        match self.left.get().checked_sub(bytes) {
            Some(left) => {
                self.left.set(left);
                true
            }
            None => {
                self.left.set(0);
                self.condensed.set(self.condensed.get() + 1);
                false
            }
        }
    }
}

/// The bytes of changed text a profile entry shows.
fn detail_bytes(profile: &ProfileChange) -> usize {
    let fields: usize = profile
        .fields
        .iter()
        .map(|f| f.before.as_ref().map_or(0, String::len) + f.after.as_ref().map_or(0, String::len))
        .sum();
    let lines: usize = profile
        .lists
        .iter()
        .map(|l| {
            let plain: usize = l.added.iter().chain(&l.removed).map(String::len).sum();
            let reworded: usize = l
                .reworded
                .iter()
                .map(|r| r.before.len() + r.after.len())
                .sum();
            plain + reworded
        })
        .sum();
    fields + lines
}

fn page_dirs(family: &Family, role: &Role, profile: &Profile) -> (String, String) {
    (
        urls::profile_dir(family, role, profile),
        urls::goals_dir(family, role, profile),
    )
}

fn list_entry(list: &ListDiff) -> ListEntry<'_> {
    ListEntry {
        label: &list.label,
        order: list.reorder().map(|order| match order {
            ListOrder::Only => "reordered",
            ListOrder::AlsoLines => "also reordered",
        }),
        added: &list.added,
        removed: &list.removed,
        reworded: &list.reworded,
    }
}

fn count_rows(diff: &crate::changes::CanonDiff) -> Vec<CountRow> {
    report::tallies(&diff.counts)
        .into_iter()
        .filter(|(_, tally)| tally.total() > 0)
        .map(|(label, tally)| CountRow {
            label,
            added: tally.added,
            removed: tally.removed,
            renamed: tally.renamed,
            moved: tally.moved,
            changed: tally.changed,
        })
        .collect()
}

fn pay_entry(pay: &crate::changes::PayDiff) -> PayEntry<'_> {
    PayEntry {
        status: status_word(pay.status),
        fields: &pay.fields,
        zones: pay
            .zones
            .iter()
            .map(|zone| PayLine {
                status: status_word(zone.status),
                text: format!("Zone {} {}", zone.code, zone.name),
                fields: &zone.fields,
            })
            .collect(),
        ranges: pay
            .ranges
            .iter()
            .map(|range| PayLine {
                status: status_word(range.status),
                text: report::range_line(range),
                fields: &[],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_shows_details_until_spent_then_counts_the_rest() {
        let budget = Budget {
            left: Cell::new(100),
            condensed: Cell::new(0),
        };
        assert!(budget.spend(60));
        assert!(budget.spend(0), "an entry without text costs nothing");
        assert!(!budget.spend(50), "60 + 50 is past 100");
        assert!(
            !budget.spend(10),
            "once spent, later entries are condensed too"
        );
        assert!(budget.spend(0));
        assert_eq!(budget.condensed.get(), 2);
    }
}
