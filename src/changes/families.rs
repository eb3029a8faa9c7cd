//! Families and roles: paired across the two canons (renamed, moved), with their profiles.

use std::collections::BTreeMap;

use super::ladder::field;
use super::pairing::{self, Recognised};
use super::profiles::profile_change;
use super::{FamilyChange, FamilyRef, FieldChange, ProfileChange, Rename, RoleChange, Status};
use crate::canon::model::{Aliases, Canon, Family, Level, Profile, Role};

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

pub(super) fn family_changes(before: &Canon, after: &Canon) -> (Vec<FamilyChange>, RolePairs) {
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
                aliases_field(&was.aliases, &family.aliases),
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
pub(super) struct RolePairs {
    /// New (family, role) → old (family, role) and how it was recognised.
    pub(super) to_before: BTreeMap<RoleAt, (RoleAt, Recognised)>,
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
        aliases_field(&old.aliases, &role.aliases),
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

/// The aliases as one text, `codes: A, B; slugs: a-b`, when they differ: each one is a
/// redirect the site keeps (or stops keeping) for an old URL or profile ID.
fn aliases_field(before: &Aliases, after: &Aliases) -> Option<FieldChange> {
    let text = |aliases: &Aliases| {
        let parts: Vec<String> = [("codes", &aliases.codes), ("slugs", &aliases.slugs)]
            .into_iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(kind, list)| format!("{kind}: {}", list.join(", ")))
            .collect();
        (!parts.is_empty()).then(|| parts.join("; "))
    };
    let (was, now) = (text(before), text(after));
    field("aliases", "Aliases", was.as_deref(), now.as_deref())
}
