//! What a canon change does to the site: which profile and goal templates pages change, and
//! which goal frames gain or lose rows.

use std::collections::BTreeMap;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

use super::RoleAt;
use super::pairing::Recognised;
use crate::canon::model::{Canon, Family, Level, Profile, Role, Track};
use crate::canon::pay::{Applied, Period};
use crate::frames::{self, GoalSheet, Inputs};

/// Pages whose content changes. Every page also shows the canon version in its footer; that
/// alone is not counted.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Consequences {
    /// Profile pages new or with changed content, by profile ID in canon order.
    pub profile_pages: Vec<String>,
    /// Goal templates pages new or with changed content, by profile ID in canon order.
    pub goals_pages: Vec<String>,
    /// Profiles whose two pages are gone (a redirect is kept only for IDs listed in aliases).
    pub removed_pages: Vec<String>,
    /// Profiles on both sides whose goal frames gained or lost rows or changed grounding.
    pub frames: Vec<FrameChange>,
}

#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct FrameChange {
    pub id: String,
    /// e.g. `MBO areas now from component responsibilities (was: own rows reused)`.
    pub changes: Vec<String>,
}

/// One profile with everything its pages show of the canon around it.
#[derive(Clone, Copy)]
struct Placed<'a> {
    canon: &'a Canon,
    family: &'a Family,
    role: &'a Role,
    index: usize,
}

impl<'a> Placed<'a> {
    fn profile(&self) -> &'a Profile {
        &self.role.profiles[self.index]
    }

    fn level(&self) -> Option<&'a Level> {
        self.canon.ladder.level(&self.profile().level)
    }

    fn id(&self) -> String {
        self.role.profile_id(self.family, self.profile())
    }

    /// The profile page's content: the profile, its level and track, the family's and role's
    /// names and URLs, and the neighbouring levels it links and compares with.
    fn same_page(&self, other: &Placed<'_>) -> bool {
        let neighbour = |p: &Placed<'_>, at: Option<usize>| {
            at.and_then(|i| p.role.profiles.get(i))
                .map(|n| (n.level.clone(), p.role.profile_title(n)))
        };
        fn track<'t>(p: &Placed<'t>) -> Option<&'t Track> {
            p.level().and_then(|l| p.canon.ladder.track(&l.track))
        }
        self.profile() == other.profile()
            && self.level() == other.level()
            && track(self) == track(other)
            && (&self.family.code, &self.family.slug, &self.family.name)
                == (&other.family.code, &other.family.slug, &other.family.name)
            && (&self.role.code, &self.role.slug, &self.role.name)
                == (&other.role.code, &other.role.slug, &other.role.name)
            && self.index.checked_sub(1).map(|i| &self.role.profiles[i])
                == other.index.checked_sub(1).map(|i| &other.role.profiles[i])
            && neighbour(self, Some(self.index + 1)) == neighbour(other, Some(other.index + 1))
            && self.pay() == other.pay()
    }

    /// What the page shows of pay: the period, the date, and each zone's applying range.
    fn pay(&self) -> Option<(Period, &'a str, Vec<Applied<'a>>)> {
        let pay = self.canon.pay.as_ref()?;
        let applied = pay.for_profile(&self.family.code, &self.role.code, &self.profile().level);
        Some((pay.period, pay.effective_date.as_str(), applied))
    }

    /// Whether the goal sheets can differ: they read only these.
    fn same_goal_inputs(&self, other: &Placed<'_>) -> bool {
        self.canon.settings.name == other.canon.settings.name
            && self.family.name == other.family.name
            && self.role.name == other.role.name
            && self.level() == other.level()
            && self.profile() == other.profile()
    }

    fn sheet(&self) -> Option<GoalSheet<'a>> {
        Some(frames::derive(Inputs {
            canon_name: &self.canon.settings.name,
            family: self.family,
            role: self.role,
            level: self.level()?,
            profile: self.profile(),
        }))
    }
}

/// What changes on the pages, given which old role each new role is.
pub fn of(
    before: &Canon,
    after: &Canon,
    old_role: &BTreeMap<RoleAt, (RoleAt, Recognised)>,
) -> Consequences {
    let mut pairs: Vec<(Placed<'_>, Option<Placed<'_>>)> = Vec::new();
    let mut kept_before: BTreeMap<RoleAt, Vec<bool>> = BTreeMap::new();
    for (f, family) in after.families.iter().enumerate() {
        for (r, role) in family.roles.iter().enumerate() {
            let old = old_role.get(&(f, r)).map(|&((of, or), _)| {
                let old_family = &before.families[of];
                ((of, or), old_family, &old_family.roles[or])
            });
            for (index, profile) in role.profiles.iter().enumerate() {
                let new = Placed {
                    canon: after,
                    family,
                    role,
                    index,
                };
                let was = old.and_then(|(at, old_family, old_role)| {
                    let i = old_role
                        .profiles
                        .iter()
                        .position(|p| p.level == profile.level)?;
                    kept_before
                        .entry(at)
                        .or_insert_with(|| vec![false; old_role.profiles.len()])[i] = true;
                    Some(Placed {
                        canon: before,
                        family: old_family,
                        role: old_role,
                        index: i,
                    })
                });
                pairs.push((new, was));
            }
        }
    }
    let judged: Vec<(bool, bool, Option<FrameChange>)> = pairs
        .par_iter()
        .map(|(new, was)| judge(new, was.as_ref()))
        .collect();
    let mut consequences = Consequences::default();
    for ((new, _), (page, goals, frames)) in pairs.iter().zip(judged) {
        if page {
            consequences.profile_pages.push(new.id());
        }
        if goals {
            consequences.goals_pages.push(new.id());
        }
        consequences.frames.extend(frames);
    }
    for (f, family) in before.families.iter().enumerate() {
        for (r, role) in family.roles.iter().enumerate() {
            let kept = kept_before.get(&(f, r));
            for (index, profile) in role.profiles.iter().enumerate() {
                if !kept.is_some_and(|k| k[index]) {
                    consequences
                        .removed_pages
                        .push(role.profile_id(family, profile));
                }
            }
        }
    }
    consequences
}

/// Whether the profile page and the goals page change, and how the frames change.
fn judge(new: &Placed<'_>, was: Option<&Placed<'_>>) -> (bool, bool, Option<FrameChange>) {
    let Some(was) = was else {
        return (true, true, None);
    };
    let page = !new.same_page(was);
    // The goals page shows the profile ID and sits under the family's and role's slugs.
    let moved = new.id() != was.id()
        || (&new.family.slug, &new.role.slug) != (&was.family.slug, &was.role.slug);
    if new.same_goal_inputs(was) {
        return (page, moved, None);
    }
    let (Some(now), Some(then)) = (new.sheet(), was.sheet()) else {
        return (page, true, None);
    };
    if now == then {
        return (page, moved, None);
    }
    let changes = now.shape().changes_since(&then.shape());
    let frames = (!changes.is_empty()).then(|| FrameChange {
        id: new.id(),
        changes,
    });
    (page, true, frames)
}
