//! Drafts → the canon model in the loader's order, with the provenance map that leads each
//! canon file's YAML path back to its cell. No I/O.

use std::collections::BTreeMap;

use super::build::{AliasDraft, Drafts, FamilyDraft, Field, LevelDraft, ProfileDraft, RoleDraft};
use crate::canon::files::{FAMILY_FILE, LADDER_FILE, SETTINGS_FILE};
use crate::canon::model::{
    Aliases, Canon, Dimension, Dimensions, Family, Ladder, Level, LineKind, Profile, Role, Rubrics,
    Settings, Track,
};
use crate::data::tables::{Place, Problem};
use crate::diagnostics::YamlPath;

/// (canon file, YAML path) → the cell, row or table the value came from.
#[derive(Debug, Default)]
pub struct Provenance {
    map: BTreeMap<(String, YamlPath), Place>,
}

impl Provenance {
    fn add(&mut self, file: &str, path: YamlPath, place: &Place) {
        self.map.insert((file.to_string(), path), place.clone());
    }

    /// The place of `path` in `file`, or of its nearest ancestor that has one.
    pub fn place_of(&self, file: &str, path: &YamlPath) -> Option<&Place> {
        let mut path = path.clone();
        loop {
            if let Some(place) = self.map.get(&(file.to_string(), path.clone())) {
                return Some(place);
            }
            path.0.pop()?;
        }
    }
}

/// The model the drafts describe and where each of its values came from.
pub fn assemble(drafts: &Drafts, problems: &mut Vec<Problem>) -> (Canon, Provenance) {
    let mut provenance = Provenance::default();
    let settings = settings(drafts, problems, &mut provenance);
    let ladder = ladder(drafts, &mut provenance);
    let rank = |code: &str| ladder.level_index(code).unwrap_or(usize::MAX);
    let mut families: Vec<Family> = drafts
        .families
        .iter()
        .map(|family| self::family(family, &rank, &mut provenance))
        .collect();
    families.sort_by_cached_key(|family| (family.name.to_lowercase(), family.slug.clone()));
    (
        Canon {
            settings,
            ladder,
            families,
            pay: None,
            guides: Vec::new(),
        },
        provenance,
    )
}

fn settings(drafts: &Drafts, problems: &mut Vec<Problem>, provenance: &mut Provenance) -> Settings {
    if let Some(place) = &drafts.settings_place {
        provenance.add(SETTINGS_FILE, YamlPath::root(), place);
    }
    for (key, field) in &drafts.settings {
        provenance.add(SETTINGS_FILE, YamlPath::root().key(key), &field.place);
    }
    let text = |key: &str| drafts.settings.get(key).map(|f| f.text.clone());
    let allow = drafts.settings.get("allow_indexing");
    Settings {
        name: text("name").unwrap_or_default(),
        site_title: text("site_title").unwrap_or_default(),
        version: text("version").unwrap_or_default(),
        effective_date: text("effective_date").unwrap_or_default(),
        language: text("language")
            .filter(|language| !language.is_empty())
            .unwrap_or_else(|| "en".to_string()),
        base_url: text("base_url").filter(|url| !url.is_empty()),
        allow_indexing: allow.is_some_and(|field| yes_or_no(field, problems)),
        publish_pay: drafts
            .settings
            .get("publish_pay")
            .is_none_or(|field| field.text.trim().is_empty() || yes_or_no(field, problems)),
    }
}

/// `true`/`yes`/`1` or `false`/`no`/`0`/empty, any case; anything else is an error (and false).
fn yes_or_no(field: &Field, problems: &mut Vec<Problem>) -> bool {
    match field.text.trim().to_lowercase().as_str() {
        "true" | "yes" | "1" => true,
        "false" | "no" | "0" | "" => false,
        _ => {
            problems.push(Problem::error(
                &field.place,
                format!(
                    "allow_indexing \"{}\" is neither true nor false",
                    field.text
                ),
            ));
            false
        }
    }
}

fn ladder(drafts: &Drafts, provenance: &mut Provenance) -> Ladder {
    let root = YamlPath::root();
    let tracks = drafts.tracks.iter().enumerate().map(|(index, track)| {
        let path = root.key("tracks").index(index);
        provenance.add(LADDER_FILE, path.clone(), &track.row);
        provenance.add(LADDER_FILE, path.key("code"), &track.code.place);
        provenance.add(LADDER_FILE, path.key("name"), &track.name.place);
        if let Some(description) = &track.description {
            provenance.add(LADDER_FILE, path.key("description"), &description.place);
        }
        Track {
            code: track.code.text.clone(),
            name: track.name.text.clone(),
            description: text_or_empty(&track.description),
        }
    });
    let tracks = tracks.collect();
    let levels = drafts
        .levels
        .iter()
        .enumerate()
        .map(|(index, draft)| level(draft, &root.key("levels").index(index), provenance));
    Ladder {
        tracks,
        levels: levels.collect(),
    }
}

fn level(draft: &LevelDraft, path: &YamlPath, provenance: &mut Provenance) -> Level {
    provenance.add(LADDER_FILE, path.clone(), &draft.row);
    let fields = [
        ("code", &draft.code),
        ("name", &draft.name),
        ("track", &draft.track),
        ("years", &draft.years),
        ("meaning", &draft.meaning),
    ];
    for (key, field) in fields {
        provenance.add(LADDER_FILE, path.key(key), &field.place);
    }
    let mut dimensions = Dimensions::default();
    for (dimension, field) in draft.dimensions.iter().filter(|(_, f)| !f.text.is_empty()) {
        let dimensions_path = path.key("dimensions").key(dimension.key());
        provenance.add(LADDER_FILE, dimensions_path, &field.place);
        *dimension_slot(&mut dimensions, *dimension) = Some(field.text.clone());
    }
    Level {
        code: draft.code.text.clone(),
        name: draft.name.text.clone(),
        track: draft.track.text.clone(),
        years: draft.years.text.clone(),
        meaning: draft.meaning.text.clone(),
        dimensions,
    }
}

fn dimension_slot(dimensions: &mut Dimensions, dimension: Dimension) -> &mut Option<String> {
    match dimension {
        Dimension::Scope => &mut dimensions.scope,
        Dimension::Autonomy => &mut dimensions.autonomy,
        Dimension::Complexity => &mut dimensions.complexity,
        Dimension::Impact => &mut dimensions.impact,
        Dimension::DecisionRights => &mut dimensions.decision_rights,
        Dimension::Leadership => &mut dimensions.leadership,
    }
}

fn text_or_empty(field: &Option<Field>) -> String {
    field.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

/// Records the places of a family's or role's own keys (code, name, description, aliases).
fn own_keys(
    provenance: &mut Provenance,
    file: &str,
    fields: [(&str, Option<&Field>); 3],
    aliases: [(&str, &Option<AliasDraft>); 2],
) {
    for (key, field) in fields {
        if let Some(field) = field {
            provenance.add(file, YamlPath::root().key(key), &field.place);
        }
    }
    for (key, alias) in aliases {
        if let Some(alias) = alias {
            provenance.add(file, YamlPath::root().key("aliases").key(key), &alias.place);
        }
    }
}

fn aliases_of(slugs: &Option<AliasDraft>, codes: &Option<AliasDraft>) -> Aliases {
    let words = |alias: &Option<AliasDraft>| alias.as_ref().map(|a| a.words.clone());
    Aliases {
        slugs: words(slugs).unwrap_or_default(),
        codes: words(codes).unwrap_or_default(),
    }
}

fn family(
    draft: &FamilyDraft,
    rank: &dyn Fn(&str) -> usize,
    provenance: &mut Provenance,
) -> Family {
    let file = format!("{}/{FAMILY_FILE}", draft.slug.text);
    provenance.add(&file, YamlPath::root(), &draft.row);
    let fields = [
        ("code", Some(&draft.code)),
        ("name", Some(&draft.name)),
        ("description", draft.description.as_ref()),
    ];
    let aliases = [("slugs", &draft.alias_slugs), ("codes", &draft.alias_codes)];
    own_keys(provenance, &file, fields, aliases);
    let mut roles: Vec<Role> = draft
        .roles
        .iter()
        .map(|role| self::role(role, &draft.slug.text, rank, provenance))
        .collect();
    roles.sort_by_cached_key(|role| (role.name.to_lowercase(), role.slug.clone()));
    Family {
        code: draft.code.text.clone(),
        slug: draft.slug.text.clone(),
        name: draft.name.text.clone(),
        description: text_or_empty(&draft.description),
        aliases: aliases_of(&draft.alias_slugs, &draft.alias_codes),
        roles,
        file,
    }
}

fn role(
    draft: &RoleDraft,
    family_slug: &str,
    rank: &dyn Fn(&str) -> usize,
    provenance: &mut Provenance,
) -> Role {
    let file = format!("{family_slug}/{}.yaml", draft.slug.text);
    provenance.add(&file, YamlPath::root(), &draft.row);
    let fields = [
        ("code", Some(&draft.code)),
        ("name", Some(&draft.name)),
        ("description", Some(&draft.description)),
    ];
    let aliases = [("slugs", &draft.alias_slugs), ("codes", &draft.alias_codes)];
    own_keys(provenance, &file, fields, aliases);
    let mut profiles: Vec<Profile> = draft
        .profiles
        .iter()
        .map(|profile| self::profile(profile, &file, provenance))
        .collect();
    profiles.sort_by(|a, b| (rank(&a.level), &a.level).cmp(&(rank(&b.level), &b.level)));
    Role {
        code: draft.code.text.clone(),
        slug: draft.slug.text.clone(),
        name: draft.name.text.clone(),
        description: draft.description.text.clone(),
        aliases: aliases_of(&draft.alias_slugs, &draft.alias_codes),
        profiles,
        file,
    }
}

fn profile(draft: &ProfileDraft, file: &str, provenance: &mut Provenance) -> Profile {
    let path = YamlPath::root().key("levels").key(&draft.level.text);
    provenance.add(file, path.clone(), &draft.row);
    let optional = [
        (path.key("title"), &draft.title),
        (path.key("summary"), &draft.summary),
        (
            path.key("rubrics").key("complexity"),
            &draft.rubric_complexity,
        ),
        (
            path.key("rubrics").key("knowledge_application"),
            &draft.rubric_knowledge,
        ),
    ];
    for (key_path, field) in optional {
        if let Some(field) = field {
            provenance.add(file, key_path, &field.place);
        }
    }
    let text = |field: &Option<Field>| field.as_ref().map(|f| f.text.clone());
    let mut profile = Profile {
        level: draft.level.text.clone(),
        title: text(&draft.title),
        summary: text_or_empty(&draft.summary),
        rubrics: Rubrics {
            complexity: text(&draft.rubric_complexity),
            knowledge_application: text(&draft.rubric_knowledge),
        },
        ..Profile::default()
    };
    for (kind, lines) in &draft.lines {
        let list_path = line_list_path(&path, *kind);
        for (index, (_, field)) in lines.iter().enumerate() {
            provenance.add(file, list_path.index(index), &field.place);
            profile.lines_mut(*kind).push(field.text.clone());
        }
    }
    profile
}

/// `levels.P1.core_outputs`, `levels.P1.components.skills`, …: where a kind's lines are.
fn line_list_path(profile: &YamlPath, kind: LineKind) -> YamlPath {
    let components = profile.key("components");
    match kind {
        LineKind::CoreOutput => profile.key("core_outputs"),
        LineKind::JfmResponsibility => profile.key("jfm_responsibilities"),
        LineKind::ComponentResponsibility => components.key("responsibilities"),
        LineKind::Task => components.key("tasks"),
        LineKind::Skill => components.key("skills"),
        LineKind::Knowledge => components.key("knowledge"),
        LineKind::Competency => components.key("competencies"),
        LineKind::Qualification => components.key("qualifications"),
    }
}
