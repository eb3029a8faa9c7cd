//! Template contexts: for each page, only what that page shows, with links made relative to it.

use serde::Serialize;

use crate::canon::model::{Canon, Dimension, Family, Level, Profile, Role};
use crate::frames::{self, GoalSheet, Inputs, text};
use crate::render::markdown;
use crate::site::{self, Page, ProfileRef, search};

/// What every page's layout needs.
#[derive(Serialize)]
pub struct Layout<'a> {
    pub lang: &'a str,
    pub allow_indexing: bool,
    pub site_title: &'a str,
    pub canon_name: &'a str,
    pub version: &'a str,
    pub effective_date: &'a str,
    /// `../` per folder level; prefix of every root-relative link.
    pub root: String,
    pub title: String,
    pub crumbs: Vec<Link>,
    /// Navigation, rendered once per folder depth.
    pub nav: &'a str,
    pub assets: &'a Assets,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Option<String>,
}

/// Theme static file name → its hashed path under `assets/`, relative to the site root.
pub type Assets = std::collections::BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct LevelChip<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub href: String,
}

#[derive(Serialize)]
pub struct RoleCard<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub href: String,
    pub levels: Vec<LevelChip<'a>>,
}

#[derive(Serialize)]
pub struct FamilyCard<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub href: String,
    pub description: String,
    pub roles: Vec<RoleCard<'a>>,
}

/// Above this many roles, the home page lists families without their roles.
pub const HOME_ROLE_LIMIT: usize = 300;

pub struct Ctx<'a> {
    pub canon: &'a Canon,
    pub page: &'a Page,
}

impl<'a> Ctx<'a> {
    fn href(&self, file_or_dir: &str) -> String {
        let file = if file_or_dir.is_empty() || file_or_dir.ends_with('/') {
            format!("{file_or_dir}{}", site::INDEX)
        } else {
            file_or_dir.to_string()
        };
        self.page.href(&file)
    }

    fn find_level(&self, code: &str) -> Option<&'a Level> {
        self.canon.ladder.level(code)
    }

    fn role_card(&self, family: &'a Family, role: &'a Role) -> RoleCard<'a> {
        RoleCard {
            name: &role.name,
            code: &role.code,
            href: self.href(&site::role_dir(family, role)),
            levels: role
                .profiles
                .iter()
                .map(|profile| LevelChip {
                    code: &profile.level,
                    name: self
                        .find_level(&profile.level)
                        .map_or("", |level| level.name.as_str()),
                    href: self.href(&site::profile_dir(family, role, profile)),
                })
                .collect(),
        }
    }

    pub fn family_card(&self, family: &'a Family) -> FamilyCard<'a> {
        FamilyCard {
            name: &family.name,
            code: &family.code,
            href: self.href(&site::family_dir(family)),
            description: markdown::to_html(&family.description),
            roles: family
                .roles
                .iter()
                .map(|role| self.role_card(family, role))
                .collect(),
        }
    }

    pub fn home(&self) -> serde_json::Value {
        let canon = self.canon;
        let roles: usize = canon.families.iter().map(|f| f.roles.len()).sum();
        // A few hundred roles fit on one page with a chip per level; beyond that the home page
        // lists families only, and each family page lists its roles.
        let compact = roles > HOME_ROLE_LIMIT;
        let families: Vec<serde_json::Value> = canon
            .families
            .iter()
            .map(|f| {
                if compact {
                    serde_json::json!({ "name": f.name, "code": f.code, "href": self.href(&site::family_dir(f)), "role_count": f.roles.len() })
                } else {
                    serde_json::to_value(self.family_card(f)).expect("cards serialize")
                }
            })
            .collect();
        serde_json::json!({
            "compact": compact,
            "families": families,
            "counts": {
                "families": canon.families.len(),
                "roles": canon.families.iter().map(|f| f.roles.len()).sum::<usize>(),
                "profiles": canon.profile_count(),
                "levels": canon.ladder.levels.len(),
            },
            "search_href": self.href(site::SEARCH_DIR),
            "levels_href": self.href(site::LEVELS_DIR),
        })
    }

    pub fn family(&self, family: &'a Family) -> serde_json::Value {
        serde_json::json!({ "family": self.family_card(family) })
    }

    pub fn role(&self, family: &'a Family, role: &'a Role) -> serde_json::Value {
        let levels: Vec<_> = role
            .profiles
            .iter()
            .map(|profile| {
                let level = self.find_level(&profile.level);
                serde_json::json!({
                    "code": profile.level,
                    "name": level.map_or("", |l| l.name.as_str()),
                    "years": level.map_or("", |l| l.years.as_str()),
                    "title": role.profile_title(profile),
                    "href": self.href(&site::profile_dir(family, role, profile)),
                    "goals_href": self.href(&site::goals_dir(family, role, profile)),
                })
            })
            .collect();
        let mut rows = Vec::new();
        for dimension in Dimension::ALL {
            let values: Vec<Option<&str>> = role
                .profiles
                .iter()
                .map(|p| {
                    self.find_level(&p.level)
                        .and_then(|l| l.dimensions.get(dimension))
                })
                .collect();
            rows.push(serde_json::json!({ "label": dimension.label(), "kind": "dimension", "cells": values }));
        }
        type RubricOf = fn(&Profile) -> Option<&str>;
        let rubric_rows: [(&str, RubricOf); 2] = [
            ("Problem-solving rubric", |p| {
                p.rubrics.complexity.as_deref()
            }),
            ("Knowledge-application rubric", |p| {
                p.rubrics.knowledge_application.as_deref()
            }),
        ];
        for (label, get) in rubric_rows {
            let values: Vec<Option<&str>> = role.profiles.iter().map(get).collect();
            rows.push(serde_json::json!({ "label": label, "kind": "rubric", "cells": values }));
        }
        let duties: Vec<Vec<&str>> = role
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
        serde_json::json!({
            "family": { "name": family.name, "href": self.href(&site::family_dir(family)) },
            "role": { "name": role.name, "code": role.code, "description": markdown::to_html(&role.description) },
            "levels": levels,
            "rows": rows,
            "duties": duties,
        })
    }

    pub fn profile(&self, at: ProfileRef) -> serde_json::Value {
        let (family, role, profile) = self.resolve(at);
        let level = self.find_level(&profile.level);
        let sibling = |index: Option<usize>| {
            index.and_then(|i| role.profiles.get(i)).map(|p| Link {
                title: role.profile_title(p),
                href: self.href(&site::profile_dir(family, role, p)),
            })
        };
        let lines = search::profile_lines(profile);
        let (outputs, rest): (Vec<_>, Vec<_>) =
            lines.iter().partition(|l| l.anchor.starts_with("output-"));
        let (duties, component_lines): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|l| l.anchor.starts_with("duty-"));
        let other_components: Vec<_> = profile
            .components
            .lists()
            .into_iter()
            .skip(1)
            .filter(|(_, _, items)| !items.is_empty())
            .map(|(_, name, items)| serde_json::json!({ "name": name, "items": items }))
            .collect();
        serde_json::json!({
            "id": role.profile_id(family, profile),
            "title": role.profile_title(profile),
            "family": { "name": family.name, "href": self.href(&site::family_dir(family)) },
            "role": { "name": role.name, "href": self.href(&site::role_dir(family, role)) },
            "level": level.map(|l| self.level_summary(l)),
            "summary": markdown::to_html(&profile.summary),
            "rubrics": {
                "complexity": profile.rubrics.complexity,
                "knowledge_application": profile.rubrics.knowledge_application,
            },
            "core_outputs": outputs,
            "responsibilities": duties,
            "component_responsibilities": component_lines,
            "components": other_components,
            "previous": sibling(at.profile.checked_sub(1)),
            "next": sibling(Some(at.profile + 1)),
            "goals_href": self.href(&site::goals_dir(family, role, profile)),
            "permalink": self.href(&site::id_dir(&role.profile_id(family, profile))),
        })
    }

    fn level_summary(&self, level: &'a Level) -> serde_json::Value {
        let track = self.canon.ladder.track(&level.track);
        serde_json::json!({
            "code": level.code,
            "name": level.name,
            "years": level.years,
            "track": track.map_or(level.track.as_str(), |t| t.name.as_str()),
            "meaning": markdown::to_html(&level.meaning),
            "href": self.href(&site::level_dir(&level.code)),
            "dimensions": level.dimensions.present().map(|(d, v)| serde_json::json!({ "label": d.label(), "value": v })).collect::<Vec<_>>(),
        })
    }

    pub fn goals(&self, at: ProfileRef) -> serde_json::Value {
        let (family, role, profile) = self.resolve(at);
        let Some(level) = self.find_level(&profile.level) else {
            return serde_json::Value::Null;
        };
        let sheet: GoalSheet<'_> = frames::derive(Inputs {
            canon_name: &self.canon.settings.name,
            family,
            role,
            level,
            profile,
        });
        let blocks = serde_json::json!({
            "smart": sheet.smart.as_deref().map(text::smart),
            "okrs": sheet.okrs.as_deref().map(text::okrs),
            "mbo": sheet.mbo.as_deref().map(text::mbo),
            "scorecard": sheet.scorecard.as_deref().map(text::scorecard),
        });
        serde_json::json!({
            "sheet": sheet,
            "blocks": blocks,
            "intros": {
                "smart": [frames::SMART_TITLE, frames::SMART_INTRO],
                "okrs": [frames::OKRS_TITLE, frames::OKRS_INTRO],
                "mbo": [frames::MBO_TITLE, frames::MBO_INTRO],
                "scorecard": [frames::SCORECARD_TITLE, frames::SCORECARD_INTRO],
            },
            "profile_href": self.href(&site::profile_dir(family, role, profile)),
            "id": role.profile_id(family, profile),
        })
    }

    pub fn levels(&self) -> serde_json::Value {
        let ladder = &self.canon.ladder;
        let tracks: Vec<_> = ladder
            .tracks
            .iter()
            .map(|track| {
                let levels: Vec<_> = ladder
                    .levels
                    .iter()
                    .filter(|l| l.track == track.code)
                    .map(|l| self.level_summary(l))
                    .collect();
                serde_json::json!({ "code": track.code, "name": track.name, "description": track.description, "levels": levels })
            })
            .collect();
        let dimensions: Vec<_> = Dimension::ALL.iter().map(|d| d.label()).collect();
        let grid: Vec<_> = ladder
            .levels
            .iter()
            .map(|l| {
                let values: Vec<Option<&str>> = Dimension::ALL.iter().map(|d| l.dimensions.get(*d)).collect();
                serde_json::json!({ "code": l.code, "name": l.name, "href": self.href(&site::level_dir(&l.code)), "values": values })
            })
            .collect();
        serde_json::json!({ "tracks": tracks, "dimensions": dimensions, "grid": grid })
    }

    pub fn level(&self, index: usize) -> serde_json::Value {
        let level = &self.canon.ladder.levels[index];
        let profiles: Vec<_> = self
            .canon
            .profiles()
            .filter(|(_, _, p)| p.level == level.code)
            .map(|(f, r, p)| {
                serde_json::json!({
                    "title": r.profile_title(p),
                    "family": f.name,
                    "role": r.name,
                    "href": self.href(&site::profile_dir(f, r, p)),
                    "goals_href": self.href(&site::goals_dir(f, r, p)),
                })
            })
            .collect();
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| self.canon.ladder.levels.get(i))
                .map(|l| Link {
                    title: format!("{} — {}", l.code, l.name),
                    href: self.href(&site::level_dir(&l.code)),
                })
        };
        serde_json::json!({
            "level": self.level_summary(level),
            "profiles": profiles,
            "previous": neighbour(index.checked_sub(1)),
            "next": neighbour(Some(index + 1)),
        })
    }

    pub fn search(&self, manifest: &str) -> serde_json::Value {
        serde_json::json!({
            "manifest": self.href(manifest),
            "families": self.canon.families.iter().map(|f| serde_json::json!({"code": f.code, "name": f.name})).collect::<Vec<_>>(),
            "levels": self.canon.ladder.levels.iter().map(|l| serde_json::json!({"code": l.code, "name": l.name})).collect::<Vec<_>>(),
        })
    }

    pub fn redirect(&self, target: &str, title: &str) -> serde_json::Value {
        serde_json::json!({ "target": self.href(target), "title": title })
    }

    pub fn resolve(&self, at: ProfileRef) -> (&'a Family, &'a Role, &'a Profile) {
        let family = &self.canon.families[at.family];
        let role = &family.roles[at.role];
        (family, role, &role.profiles[at.profile])
    }
}
