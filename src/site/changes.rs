//! The release notes of a build with `--previous`: the semantic diff, and which entry of the
//! `changes/` page each changed profile page's "Changed in" note links to.

use std::collections::{BTreeMap, BTreeSet};

use crate::canon::model::Canon;
use crate::changes::{CanonDiff, Status};

/// The diff a build publishes, with the anchor of every changed profile's entry.
pub struct SiteChanges {
    pub diff: CanonDiff,
    /// Profile ID (new) → the id of the entry on the `changes/` page that explains it.
    notes: BTreeMap<String, String>,
}

/// The id of a family's entry on the changes page.
pub fn family_anchor(code: &str) -> String {
    format!("family-{code}")
}

/// The id of a role's entry on the changes page.
pub fn role_anchor(family: &str, role: &str) -> String {
    format!("role-{family}.{role}")
}

/// The id of a level's entry on the changes page.
pub fn level_anchor(code: &str) -> String {
    format!("level-{code}")
}

/// The id of the ladder section of the changes page.
pub const LADDER_ANCHOR: &str = "ladder";
/// The id of the pay section of the changes page.
pub const PAY_ANCHOR: &str = "pay";
/// The id of the changes page's summary, which every such page has.
pub const SUMMARY_ANCHOR: &str = "summary";

impl SiteChanges {
    /// Finds, for each profile page the diff says changes, the most specific entry that says
    /// why: its own, its role's, its family's, its level's, else the ladder or the summary.
    pub fn new(diff: CanonDiff, canon: &Canon) -> SiteChanges {
        let mut profiles = BTreeSet::new();
        let mut roles = BTreeSet::new();
        let mut families = BTreeSet::new();
        for family in &diff.families {
            families.insert(family.code.clone());
            for role in &family.roles {
                if role.status != Status::Removed {
                    roles.insert((family.code.clone(), role.code.clone()));
                }
                for profile in &role.profiles {
                    if profile.status != Status::Removed {
                        profiles.insert(profile.id.clone());
                    }
                }
            }
        }
        let levels: BTreeSet<&str> = diff.levels.iter().map(|l| l.code.as_str()).collect();
        let changed: BTreeSet<&str> = diff
            .consequences
            .profile_pages
            .iter()
            .map(String::as_str)
            .collect();
        let ladder_changed = !diff.tracks.is_empty()
            || diff.tracks_reordered.is_some()
            || diff.levels_reordered.is_some();
        let mut notes = BTreeMap::new();
        for (family, role, profile) in canon.profiles() {
            let id = role.profile_id(family, profile);
            if !changed.contains(id.as_str()) {
                continue;
            }
            let role_key = (family.code.clone(), role.code.clone());
            let anchor = if profiles.contains(&id) {
                id.clone()
            } else if roles.contains(&role_key) {
                role_anchor(&family.code, &role.code)
            } else if families.contains(&family.code) {
                family_anchor(&family.code)
            } else if levels.contains(profile.level.as_str()) {
                level_anchor(&profile.level)
            } else if ladder_changed {
                LADDER_ANCHOR.to_string()
            } else if diff.pay.is_some() {
                PAY_ANCHOR.to_string()
            } else {
                SUMMARY_ANCHOR.to_string()
            };
            notes.insert(id, anchor);
        }
        SiteChanges { diff, notes }
    }

    /// The changes page's entry for profile `id`, when its page changed in this release.
    pub fn note_of(&self, id: &str) -> Option<&str> {
        self.notes.get(id).map(String::as_str)
    }
}
