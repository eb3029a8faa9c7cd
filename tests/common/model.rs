//! Random valid canon models for property tests: every value one that `jobframe check` accepts
//! with no errors and no warnings, in the order the loader builds it, with texts full of what
//! YAML makes hard (indicators, type-like words, line breaks, escapes, non-BMP characters).

use std::collections::BTreeSet;

use jobframe::canon::model::{
    Aliases, Canon, Components, Dimensions, Family, Ladder, Level, Profile, Role, Rubrics,
    Settings, Track,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

/// Levels in a random ladder at most; each role has a profile at some of them.
const MAX_LEVELS: usize = 4;

/// A random valid canon.
pub fn canon() -> impl Strategy<Value = Canon> {
    (settings(), ladder(), vec(family(), 1..=3)).prop_map(|(settings, ladder, families)| {
        let families = assemble(families, &ladder);
        Canon {
            settings,
            ladder,
            families,
            pay: None,
            guides: Vec::new(),
        }
    })
}

/// Pieces of text that YAML scalars find hard, and ordinary words between them.
fn fragment() -> impl Strategy<Value = String> {
    const TRICKY: &[&str] = &[
        " ",
        "  ",
        ": ",
        " #",
        "#",
        "- ",
        "-",
        "?",
        "? ",
        "*",
        "&",
        "!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        "\\",
        "{",
        "}",
        "[",
        "]",
        ",",
        "true",
        "null",
        "~",
        "yes",
        "1e3",
        "0x10",
        ".inf",
        "2026.4",
        "1.0",
        "12",
        "2026-10-01",
        "---",
        "...",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "\t",
        "😀",
        "𝄞",
        "\u{85}",
        "\u{2028}",
        "\u{2029}",
        "\u{a0}",
        "\u{feff}",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\u{7f}",
        "\u{9f}",
        "é",
        "–",
        "\n  ",
        "  \n",
    ];
    // Words for long sentences, which are wrapped over lines.
    const WORDS: &[&str] = &[
        "Plans",
        "stock",
        "for",
        "the",
        "whole",
        "distribution",
        "network",
        "and",
        "2026",
        "a",
        "x",
        "of",
        "teams",
        "(draft)",
        "-",
        "—",
        "42%",
        "e.g.",
        "A1",
    ];
    prop_oneof![
        4 => regex("[A-Za-z0-9]{1,8}"),
        4 => prop::sample::select(TRICKY).prop_map(str::to_string),
        1 => regex("[^\\p{C}]{1,4}"),
        1 => vec(prop::sample::select(WORDS), 12..=24).prop_map(|words| words.join(" ")),
    ]
}

/// Any text of up to six fragments, blank ones included.
fn any_text() -> impl Strategy<Value = String> {
    vec(fragment(), 1..=6).prop_map(|parts| parts.concat())
}

/// A text that is not blank, as names, list items and other required texts must be.
fn text() -> impl Strategy<Value = String> {
    any_text().prop_filter("required texts are not blank", |text| {
        !text.trim().is_empty()
    })
}

/// A text that may be left out when empty: a description or a summary.
fn optional_text() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 4 => any_text()]
}

/// Texts matching `pattern`, compiled once (a `&str` strategy compiles it for every value).
fn regex(pattern: &str) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(pattern).expect("a valid pattern")
}

fn code() -> impl Strategy<Value = String> {
    regex("[A-Z0-9]{1,6}")
}

fn slug() -> impl Strategy<Value = String> {
    regex("[a-z0-9-]{1,10}")
}

fn settings() -> impl Strategy<Value = Settings> {
    let date = (0..10_000u32, 1..=12u32, 1..=28u32)
        .prop_map(|(year, month, day)| format!("{year:04}-{month:02}-{day:02}"));
    let base_url = option::of(regex("https?://[^\\s\"<>]{0,20}"));
    let texts = (text(), text(), text());
    (
        texts,
        date,
        regex("[A-Za-z0-9-]{1,12}"),
        base_url,
        (any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                (name, site_title, version),
                effective_date,
                language,
                base_url,
                (allow_indexing, publish_pay),
            )| {
                Settings {
                    name,
                    site_title,
                    version,
                    effective_date,
                    language,
                    base_url,
                    allow_indexing,
                    publish_pay,
                }
            },
        )
}

fn dimensions() -> impl Strategy<Value = Dimensions> {
    vec(option::of(text()), 6).prop_map(|mut values| {
        let mut next = || values.pop().flatten();
        Dimensions {
            scope: next(),
            autonomy: next(),
            complexity: next(),
            impact: next(),
            decision_rights: next(),
            leadership: next(),
        }
    })
}

fn ladder() -> impl Strategy<Value = Ladder> {
    let track = (code(), text(), optional_text()).prop_map(|(code, name, description)| Track {
        code,
        name,
        description,
    });
    let level = (
        code(),
        text(),
        any::<prop::sample::Index>(),
        text(),
        text(),
        dimensions(),
    );
    (vec(track, 1..=3), vec(level, 1..=MAX_LEVELS)).prop_map(|(mut tracks, levels)| {
        unique(tracks.iter_mut().map(|track| &mut track.code), &[], '0');
        let mut levels: Vec<Level> = levels
            .into_iter()
            .map(|(code, name, track, years, meaning, dimensions)| Level {
                code,
                name,
                track: track.get(&tracks).code.clone(),
                years,
                meaning,
                dimensions,
            })
            .collect();
        unique(levels.iter_mut().map(|level| &mut level.code), &[], '0');
        Ladder { tracks, levels }
    })
}

fn aliases() -> impl Strategy<Value = Aliases> {
    (vec(slug(), 0..=2), vec(code(), 0..=2)).prop_map(|(slugs, codes)| Aliases { slugs, codes })
}

/// A profile before it is given a level, with a row to add when it would have none.
#[derive(Debug, Clone)]
struct Draft {
    profile: Profile,
    fallback_row: String,
}

fn draft() -> impl Strategy<Value = Draft> {
    let lists = (vec(text(), 0..=2), vec(text(), 0..=3));
    let components = vec(vec(text(), 0..=2), 6).prop_map(|mut lists| {
        let mut next = || lists.pop().unwrap_or_default();
        Components {
            responsibilities: next(),
            tasks: next(),
            skills: next(),
            knowledge: next(),
            competencies: next(),
            qualifications: next(),
        }
    });
    let rubrics =
        (option::of(text()), option::of(text())).prop_map(|(complexity, knowledge)| Rubrics {
            complexity,
            knowledge_application: knowledge,
        });
    let head = (option::of(text()), optional_text(), text());
    (head, lists, components, rubrics).prop_map(
        |(
            (title, summary, fallback_row),
            (core_outputs, jfm_responsibilities),
            components,
            rubrics,
        )| {
            Draft {
                profile: Profile {
                    level: String::new(),
                    title,
                    summary,
                    core_outputs,
                    jfm_responsibilities,
                    components,
                    rubrics,
                },
                fallback_row,
            }
        },
    )
}

/// A role before it is placed in its family: a draft profile per possible level.
type RoleDraft = (String, String, String, String, Aliases, Vec<Option<Draft>>);

fn role() -> impl Strategy<Value = RoleDraft> {
    let profiles = vec(option::of(draft()), MAX_LEVELS);
    (code(), slug(), text(), text(), aliases(), profiles)
}

type FamilyDraft = (String, String, String, String, Aliases, Vec<RoleDraft>);

fn family() -> impl Strategy<Value = FamilyDraft> {
    let roles = vec(role(), 1..=3);
    (code(), slug(), text(), optional_text(), aliases(), roles)
}

/// The families in loader order, with codes and slugs made unique where the canon needs it.
fn assemble(drafts: Vec<FamilyDraft>, ladder: &Ladder) -> Vec<Family> {
    let mut families: Vec<Family> = drafts
        .into_iter()
        .map(|(code, slug, name, description, aliases, roles)| Family {
            code,
            slug,
            name,
            description,
            aliases,
            roles: roles
                .into_iter()
                .map(|role| role_from(role, ladder))
                .collect(),
            file: String::new(),
        })
        .collect();
    let reserved = ["assets", "id", "levels", "search", "api", "compare"];
    unique(families.iter_mut().flat_map(family_slugs), &reserved, '-');
    unique(families.iter_mut().flat_map(family_codes), &[], '0');
    for family in &mut families {
        family.file = format!("{}/family.yaml", family.slug);
        unique(
            family.roles.iter_mut().flat_map(role_slugs),
            &["family"],
            '-',
        );
        unique(family.roles.iter_mut().flat_map(role_codes), &[], '0');
        for role in &mut family.roles {
            role.file = format!("{}/{}.yaml", family.slug, role.slug);
        }
        family
            .roles
            .sort_by_cached_key(|r| (r.name.to_lowercase(), r.slug.clone()));
    }
    families.sort_by_cached_key(|f| (f.name.to_lowercase(), f.slug.clone()));
    families
}

fn family_slugs(family: &mut Family) -> impl Iterator<Item = &mut String> {
    std::iter::once(&mut family.slug).chain(&mut family.aliases.slugs)
}

fn family_codes(family: &mut Family) -> impl Iterator<Item = &mut String> {
    std::iter::once(&mut family.code).chain(&mut family.aliases.codes)
}

fn role_slugs(role: &mut Role) -> impl Iterator<Item = &mut String> {
    std::iter::once(&mut role.slug).chain(&mut role.aliases.slugs)
}

fn role_codes(role: &mut Role) -> impl Iterator<Item = &mut String> {
    std::iter::once(&mut role.code).chain(&mut role.aliases.codes)
}

/// A role with its profiles at the ladder's levels, in ladder order: at least one, each with a
/// row for the goal templates, none repeating a text of the profile below it.
fn role_from(draft: RoleDraft, ladder: &Ladder) -> Role {
    let (code, slug, name, description, aliases, drafts) = draft;
    let mut drafts: Vec<(&Level, Draft)> = ladder
        .levels
        .iter()
        .zip(drafts)
        .filter_map(|(level, draft)| Some((level, draft?)))
        .collect();
    if drafts.is_empty() {
        let profile = Profile::default();
        let fallback_row = "Delivers the work".to_string();
        drafts.push((
            &ladder.levels[0],
            Draft {
                profile,
                fallback_row,
            },
        ));
    }
    let mut profiles: Vec<Profile> = drafts
        .into_iter()
        .map(|(level, draft)| profile_at(level, draft))
        .collect();
    for at in 1..profiles.len() {
        let (below, above) = profiles.split_at_mut(at);
        differ_from(&below[at - 1], &mut above[0]);
    }
    Role {
        code,
        slug,
        name,
        description,
        aliases,
        profiles,
        file: String::new(),
    }
}

fn profile_at(level: &Level, draft: Draft) -> Profile {
    let mut profile = draft.profile;
    profile.level = level.code.clone();
    let no_rows = profile.core_outputs.is_empty()
        && profile.jfm_responsibilities.is_empty()
        && profile.components.responsibilities.is_empty();
    if no_rows {
        profile.core_outputs.push(draft.fallback_row);
    }
    profile
}

/// Changes every text of `upper` that repeats a text of `lower` (which `check` warns about).
fn differ_from(lower: &Profile, upper: &mut Profile) {
    let below: BTreeSet<String> = texts(&mut lower.clone())
        .into_iter()
        .map(|text| text.clone())
        .collect();
    for text in texts(upper) {
        while below.contains(text.as_str()) {
            text.insert(0, 'x');
        }
    }
}

/// The texts of a profile that `check` compares between adjacent levels.
fn texts(profile: &mut Profile) -> Vec<&mut String> {
    let components = &mut profile.components;
    let lists = [
        &mut profile.core_outputs,
        &mut profile.jfm_responsibilities,
        &mut components.responsibilities,
        &mut components.tasks,
        &mut components.skills,
        &mut components.knowledge,
        &mut components.competencies,
        &mut components.qualifications,
    ];
    let rubrics = [
        &mut profile.rubrics.complexity,
        &mut profile.rubrics.knowledge_application,
    ];
    let summary = (!profile.summary.trim().is_empty()).then_some(&mut profile.summary);
    summary
        .into_iter()
        .chain(lists.into_iter().flatten())
        .chain(rubrics.into_iter().flatten())
        .collect()
}

/// Makes the names unique, and different from `taken`, by appending `pad` to repeats.
fn unique<'a>(names: impl Iterator<Item = &'a mut String>, taken: &[&str], pad: char) {
    let mut seen: BTreeSet<String> = taken.iter().map(|name| name.to_string()).collect();
    for name in names {
        while !seen.insert(name.clone()) {
            name.push(pad);
        }
    }
}
