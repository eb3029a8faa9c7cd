//! The canon's rules beyond its shape: codes, slugs, references, collisions and quality warnings.

mod guides;
mod pay;

pub use pay::ZONES_MAX;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;

use crate::canon::limits::{self, Count, fits};
use crate::canon::model::{Aliases, Canon, Dimension, Family, Ladder, Profile, Role, Track};
use crate::canon::urls;
use crate::diagnostics::{Code, Diagnostic, YamlPath, did_you_mean};

const SETTINGS: &str = crate::canon::files::SETTINGS_FILE;
const LADDER: &str = crate::canon::files::LADDER_FILE;
/// Stands for the site itself as the owner of reserved URL paths.
const RESERVED: &str = "<reserved>";

/// What the loader could not read, so that validation does not report its consequences again.
#[derive(Debug, Default)]
pub struct Gaps {
    /// False when the ladder file was missing or broken; level references are then not checked.
    pub ladder_loaded: bool,
    /// Files (canon-relative) with a parse error: wholly or partly missing from the model.
    pub broken_files: BTreeSet<String>,
}

impl Gaps {
    fn family_incomplete(&self, family: &Family) -> bool {
        let prefix = format!("{}/", family.slug);
        self.broken_files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|file| file.starts_with(&prefix))
    }
}

/// Every rule violation in `canon`, leaving out the consequences of `gaps`.
pub fn validate(canon: &Canon, gaps: &Gaps) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_settings(canon, &mut out);
    check_profile_count(canon.profile_count(), &mut out);
    // A ladder over its limits is reported, then treated like a broken one: level references
    // are not checked against it.
    let ladder = (check_ladder(&canon.ladder, &mut out) && gaps.ladder_loaded)
        .then(|| Levels::of(&canon.ladder));
    let ladder = ladder.as_ref();
    pay::check(canon, ladder, &mut out);
    guides::check(canon, &mut out);
    let mut family_codes = Seen::default();
    for family in &canon.families {
        check_family(family, gaps, &mut family_codes, &mut out);
        let mut role_codes = Seen::default();
        for role in family.roles.iter().filter(|role| fits(&role.code)) {
            let path = YamlPath::root().key("code");
            out.extend(role_codes.claim("role code", &role.code, &role.file, path));
        }
    }
    // Each role's own rules depend on nothing but the role and the ladder.
    let per_role: Vec<Vec<Diagnostic>> = canon
        .families
        .par_iter()
        .flat_map(|family| &family.roles)
        .map(|role| {
            let mut found = Vec::new();
            check_role(role, ladder, gaps, &mut found);
            found
        })
        .collect();
    out.extend(per_role.into_iter().flatten());
    check_url_collisions(canon, &mut out);
    out
}

fn check_profile_count(profiles: usize, out: &mut Vec<Diagnostic>) {
    let count = Count {
        what: "canon of {} profiles",
        count: profiles,
        warn: None,
        max: limits::PROFILES_MAX,
        advice: "ten times the largest canon benchmarked; publish parts of it as separate canons",
    };
    count.check(out, "", YamlPath::root());
}

/// The ladder's level codes, looked up in constant time.
struct Levels<'a> {
    ladder: &'a Ladder,
    codes: HashSet<&'a str>,
    /// Each track with the letters all its level codes start with (`P` for P1–P8), and its
    /// level codes: an unknown level code with those letters names the track's levels.
    tracks: Vec<(String, &'a Track, Vec<&'a str>)>,
}

impl<'a> Levels<'a> {
    fn of(ladder: &'a Ladder) -> Self {
        let codes = ladder
            .levels
            .iter()
            .map(|level| level.code.as_str())
            .collect();
        let letters = |code: &str| -> String {
            code.chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect()
        };
        let mut by_track: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for level in &ladder.levels {
            by_track.entry(&level.track).or_default().push(&level.code);
        }
        let tracks = ladder
            .tracks
            .iter()
            .filter_map(|track| {
                let levels = by_track.remove(track.code.as_str())?;
                let prefix = letters(levels[0]);
                let shared =
                    !prefix.is_empty() && levels.iter().all(|code| letters(code) == prefix);
                shared.then_some((prefix, track, levels))
            })
            .collect();
        Levels {
            ladder,
            codes,
            tracks,
        }
    }

    fn has(&self, code: &str) -> bool {
        self.codes.contains(code)
    }

    fn codes(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        self.ladder.levels.iter().map(|level| level.code.as_str())
    }
}

/// The comparisons left for one file's "did you mean" suggestions.
struct Hints(usize);

impl Hints {
    fn new() -> Self {
        Hints(limits::HINT_COMPARISONS)
    }

    /// `; did you mean `x`?` or nothing (no close candidate, or no comparisons left).
    fn suggest<'a>(
        &mut self,
        word: &str,
        candidates: impl ExactSizeIterator<Item = &'a str>,
    ) -> String {
        let Some(left) = self.0.checked_sub(candidates.len()) else {
            self.0 = 0;
            return String::new();
        };
        self.0 = left;
        did_you_mean(word, candidates)
            .map(|best| format!("; did you mean `{best}`?"))
            .unwrap_or_default()
    }

    /// For a level code the ladder lacks: `; did you mean `P5`?`, else, for a ladder of up to
    /// [`LEVELS_LISTED`] levels, `; the ladder's levels are P1, P2, …`.
    fn level(&mut self, code: &str, ladder: &[&str]) -> String {
        let hint = self.suggest(code, ladder.iter().copied());
        if hint.is_empty() {
            ladder_listed(ladder)
        } else {
            hint
        }
    }
}

/// An unknown level's message lists the ladder's levels when it has at most this many.
const LEVELS_LISTED: usize = 40;

/// `; the ladder's levels are P1, P2, …` for a ladder of up to [`LEVELS_LISTED`] levels, else
/// nothing.
fn ladder_listed(codes: &[&str]) -> String {
    if codes.len() <= LEVELS_LISTED {
        format!("; the ladder's levels are {}", codes.join(", "))
    } else {
        String::new()
    }
}

/// The keys a profile has: one of them where a level code belongs was indented one step too
/// little.
const PROFILE_KEYS: [&str; 6] = [
    "title",
    "summary",
    "core_outputs",
    "jfm_responsibilities",
    "components",
    "rubrics",
];

/// A profile keyed by a level the ladder lacks: a profile key indented one step too little, a
/// near miss of a level code, or the levels of the track its code points at.
fn unknown_level(
    ladder: &Levels<'_>,
    level: &str,
    example: Option<&str>,
    file: &str,
    path: YamlPath,
    hints: &mut Hints,
) -> Diagnostic {
    if PROFILE_KEYS.contains(&level) {
        return Diagnostic::error(
            Code::MisplacedKey,
            file,
            path,
            format!(
                "`{level}` is a key of a profile, not a level code: indent it under its level's \
                 line (such as `{}:`), like the keys around it",
                example.or_else(|| ladder.codes().next()).unwrap_or("P1")
            ),
        );
    }
    let hint = hints.suggest(level, ladder.codes());
    let hint = if hint.is_empty() {
        track_levels(ladder, level)
    } else {
        hint
    };
    Diagnostic::error(
        Code::UnknownLevel,
        file,
        path,
        format!("no level {level} in the ladder{hint}"),
    )
}

/// `; the Professional track (P) has P1, P2, P3, P4` for a code with the letters of one track's
/// levels; else `; the ladder's levels are …` for a short ladder; else nothing.
fn track_levels(ladder: &Levels<'_>, level: &str) -> String {
    let letters: String = level
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match ladder
        .tracks
        .iter()
        .find(|(prefix, _, _)| *prefix == letters)
    {
        Some((_, track, levels)) => format!(
            "; the {} track ({}) has {}",
            track.name,
            track.code,
            levels.join(", ")
        ),
        None => ladder_listed(&ladder.codes().collect::<Vec<_>>()),
    }
}

/// A role cannot have more profiles than the ladder has levels; when it does, says so once.
fn too_many_profiles(role: &Role, ladder: &Levels, out: &mut Vec<Diagnostic>) {
    let (profiles, levels) = (role.profiles.len(), ladder.ladder.levels.len());
    // An empty ladder is its own error; every role would repeat it.
    if profiles <= levels || levels == 0 {
        return;
    }
    out.push(Diagnostic::error(
        Code::TooManyProfiles,
        &role.file,
        YamlPath::root().key("levels"),
        format!(
            "role has {} profiles but the ladder has only {} levels: each key under `levels` \
             is the code of a ladder level",
            limits::thousands(profiles),
            limits::thousands(levels)
        ),
    ));
}

/// Remembers the first place each case-folded name was used, to report duplicates.
#[derive(Default)]
struct Seen(BTreeMap<String, (String, YamlPath)>);

impl Seen {
    /// Already holding the given codes, each as claimed by the `code` key of its file.
    fn holding<'a>(codes: impl Iterator<Item = (&'a str, &'a str)>) -> Self {
        let path = YamlPath::root().key("code");
        Seen(
            codes
                .map(|(code, file)| (urls::fold(code), (file.to_string(), path.clone())))
                .collect(),
        )
    }

    /// Records `name`; returns an error when an equal name (ignoring case) came before.
    fn claim(&mut self, what: &str, name: &str, file: &str, path: YamlPath) -> Option<Diagnostic> {
        let folded = urls::fold(name);
        match self.0.get(&folded) {
            Some((first_file, _)) if first_file == RESERVED => Some(Diagnostic::error(
                Code::Reserved,
                file,
                path,
                format!("{what} `{name}` is reserved for the site's own pages"),
            )),
            Some((first_file, first_path)) => Some(
                Diagnostic::error(
                    Code::Duplicate,
                    file,
                    path,
                    format!("duplicate {what} `{name}` (names are compared ignoring case)"),
                )
                .also("first used", first_file, first_path.clone()),
            ),
            None => {
                self.0.insert(folded, (file.to_string(), path));
                None
            }
        }
    }
}

fn required(out: &mut Vec<Diagnostic>, file: &str, path: YamlPath, value: &str) {
    if value.trim().is_empty() {
        out.push(Diagnostic::error(
            Code::EmptyValue,
            file,
            path,
            "must not be empty",
        ));
    } else {
        limits::text(out, file, || path, value);
    }
}

fn optional(out: &mut Vec<Diagnostic>, file: &str, path: YamlPath, value: Option<&str>) {
    match value {
        Some(text) if text.trim().is_empty() => out.push(Diagnostic::error(
            Code::EmptyText,
            file,
            path,
            "is empty; write the text or remove the key to leave it out",
        )),
        Some(text) => limits::text(out, file, || path, text),
        None => {}
    }
}

/// Characters that change how text reads without being seen: direction overrides and
/// isolates (which can make a line display in another order than it is stored) and zero-width
/// characters (which make two equal-looking texts differ).
const HIDDEN_CHARACTERS: [(char, &str); 14] = [
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
];

/// Warns about invisible or direction-changing characters. The text is still published
/// verbatim (and isolated on the page), but an editor should know it is there.
fn warn_hidden_characters(
    out: &mut Vec<Diagnostic>,
    file: &str,
    path: impl FnOnce() -> YamlPath,
    text: &str,
) {
    let found = text
        .chars()
        .find_map(|c| HIDDEN_CHARACTERS.iter().find(|(hidden, _)| *hidden == c));
    if let Some((c, name)) = found {
        out.push(Diagnostic::warning(
            Code::HiddenCharacter,
            file,
            path(),
            format!(
                "contains the invisible character U+{:04X} ({name}); it is published as written, \
                 but it can disguise what the text says: remove it unless it is intended",
                *c as u32
            ),
        ));
    }
}

pub fn is_code(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn code(out: &mut Vec<Diagnostic>, file: &str, path: YamlPath, what: &str, value: &str) {
    if !fits(value) {
        limits::code(out, file, || path, value);
    } else if value.trim().is_empty() {
        out.push(Diagnostic::error(
            Code::EmptyValue,
            file,
            path,
            "must not be empty",
        ));
    } else if !is_code(value) {
        let hint = if is_code(&value.to_uppercase()) {
            format!("; did you mean `{}`?", value.to_uppercase())
        } else {
            String::new()
        };
        out.push(Diagnostic::error(
            Code::InvalidCode,
            file,
            path,
            format!("{what} `{value}` is not valid: codes use only A-Z and 0-9{hint}"),
        ));
    }
}

fn slug_of_file(out: &mut Vec<Diagnostic>, file: &str, what: &str, slug: &str) {
    if !is_slug(slug) {
        out.push(Diagnostic::error(
            Code::InvalidSlug,
            file,
            YamlPath::root(),
            format!(
                "{what} slug `{slug}` (from the file name) is not valid: slugs use only a-z, 0-9 and `-`; rename the {}",
                if what == "family" { "folder" } else { "file" }
            ),
        ));
    }
}

fn check_settings(canon: &Canon, out: &mut Vec<Diagnostic>) {
    let settings = &canon.settings;
    let root = YamlPath::root();
    if settings.name.is_empty() && settings.site_title.is_empty() && settings.version.is_empty() {
        return; // canon.yaml missing or broken: already reported
    }
    required(out, SETTINGS, root.key("name"), &settings.name);
    required(out, SETTINGS, root.key("site_title"), &settings.site_title);
    required(out, SETTINGS, root.key("version"), &settings.version);
    date(
        out,
        SETTINGS,
        root.key("effective_date"),
        &settings.effective_date,
    );
    let language = &settings.language;
    if language.is_empty()
        || !fits(language)
        || !language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        out.push(Diagnostic::error(
            Code::InvalidLanguage,
            SETTINGS,
            root.key("language"),
            format!(
                "`{}` is not a language tag such as `en` or `en-GB`",
                limits::excerpt(language)
            ),
        ));
    }
    if let Some(url) = &settings.base_url {
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if !scheme_ok
            || url
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        {
            out.push(Diagnostic::error(
                Code::InvalidBaseUrl,
                SETTINGS,
                root.key("base_url"),
                format!("`{}` is not an absolute http(s) URL", limits::excerpt(url)),
            ));
        } else {
            limits::text(out, SETTINGS, || root.key("base_url"), url);
        }
    }
}

/// An error unless `text` is a `YYYY-MM-DD` date.
fn date(out: &mut Vec<Diagnostic>, file: &str, path: YamlPath, text: &str) {
    if !is_iso_date(text) {
        out.push(Diagnostic::error(
            Code::InvalidDate,
            file,
            path,
            format!(
                "`{}` is not a date: write it as YYYY-MM-DD",
                limits::excerpt(text)
            ),
        ));
    }
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let all_digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(year, 4) && all_digits(month, 2) && all_digits(day, 2)) {
        return false;
    }
    let (year, month, day): (u32, u32, u32) = (
        year.parse().unwrap_or(0),
        month.parse().unwrap_or(0),
        day.parse().unwrap_or(0),
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The ladder's own rules; returns false when it is over its size limits (and is then not
/// checked further).
fn check_ladder(ladder: &Ladder, out: &mut Vec<Diagnostic>) -> bool {
    let root = YamlPath::root();
    let advice = "real ladders have 10–30 levels in 3–6 tracks; each level has a page listing its \
                  profiles, and every profile is looked up in the ladder";
    let levels = Count {
        what: "ladder of {} levels",
        count: ladder.levels.len(),
        warn: Some(limits::LEVELS_WARN),
        max: limits::LEVELS_MAX,
        advice,
    };
    let tracks = Count {
        what: "ladder of {} tracks",
        count: ladder.tracks.len(),
        warn: None,
        max: limits::LEVELS_MAX,
        advice,
    };
    let levels_ok = levels.check(out, LADDER, root.key("levels"));
    if !(tracks.check(out, LADDER, root.key("tracks")) && levels_ok) {
        return false;
    }
    check_tracks(ladder, out);
    check_levels(ladder, out);
    if ladder.levels.is_empty() && !ladder.tracks.is_empty() {
        out.push(Diagnostic::error(
            Code::NoLevels,
            LADDER,
            root.key("levels"),
            "the ladder has no levels",
        ));
    }
    true
}

/// A code as a path label: itself when it is a valid code, else nothing (an invalid code gets
/// its own message, and is no name to know an entry by).
fn shown_code(code: &str) -> &str {
    if fits(code)
        && !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        code
    } else {
        ""
    }
}

fn check_tracks(ladder: &Ladder, out: &mut Vec<Diagnostic>) {
    let mut track_codes = Seen::default();
    for (index, track) in ladder.tracks.iter().enumerate() {
        let path = YamlPath::root()
            .key("tracks")
            .named(index, shown_code(&track.code));
        code(out, LADDER, path.key("code"), "track code", &track.code);
        if fits(&track.code) {
            out.extend(track_codes.claim("track code", &track.code, LADDER, path.key("code")));
        }
        required(out, LADDER, path.key("name"), &track.name);
        limits::text(out, LADDER, || path.key("description"), &track.description);
    }
}

fn check_levels(ladder: &Ladder, out: &mut Vec<Diagnostic>) {
    let mut level_codes = Seen::default();
    let mut hints = Hints::new();
    for (index, level) in ladder.levels.iter().enumerate() {
        let path = YamlPath::root()
            .key("levels")
            .named(index, shown_code(&level.code));
        code(out, LADDER, path.key("code"), "level code", &level.code);
        if fits(&level.code) {
            out.extend(level_codes.claim("level code", &level.code, LADDER, path.key("code")));
        }
        required(out, LADDER, path.key("name"), &level.name);
        required(out, LADDER, path.key("years"), &level.years);
        required(out, LADDER, path.key("meaning"), &level.meaning);
        if !fits(&level.track) {
            limits::code(out, LADDER, || path.key("track"), &level.track);
        } else if ladder.track(&level.track).is_none() {
            let named = ladder
                .tracks
                .iter()
                .find(|track| track.name.eq_ignore_ascii_case(level.track.trim()));
            let hint = match named {
                Some(track) => format!(
                    "; `{}` is the name of track `{}`: write its code, `track: {}`",
                    level.track, track.code, track.code
                ),
                None => {
                    let known = ladder.tracks.iter().map(|track| track.code.as_str());
                    let hint = hints.suggest(&level.track, known);
                    if hint.is_empty() && ladder.tracks.len() <= LEVELS_LISTED {
                        let tracks: Vec<String> = ladder
                            .tracks
                            .iter()
                            .map(|track| format!("{} ({})", track.code, track.name))
                            .collect();
                        format!("; the tracks are {}", tracks.join(", "))
                    } else {
                        hint
                    }
                }
            };
            out.push(Diagnostic::error(
                Code::UnknownTrack,
                LADDER,
                path.key("track"),
                format!("no track `{}` in `tracks`{hint}", level.track),
            ));
        }
        for dimension in Dimension::ALL {
            let value = level.dimensions.get(dimension);
            optional(
                out,
                LADDER,
                path.key("dimensions").key(dimension.key()),
                value,
            );
        }
    }
}

fn check_aliases(aliases: &Aliases, file: &str, out: &mut Vec<Diagnostic>) {
    let path = YamlPath::root().key("aliases");
    limits::list(out, file, || path.key("slugs"), aliases.slugs.len());
    limits::list(out, file, || path.key("codes"), aliases.codes.len());
    for (index, slug) in aliases.slugs.iter().enumerate() {
        if !fits(slug) {
            limits::code(out, file, || path.key("slugs").index(index), slug);
        } else if !is_slug(slug) {
            out.push(Diagnostic::error(
                Code::InvalidAliasSlug,
                file,
                path.key("slugs").index(index),
                format!("alias slug `{slug}` is not valid: slugs use only a-z, 0-9 and `-`"),
            ));
        }
    }
    for (index, alias) in aliases.codes.iter().enumerate() {
        code(
            out,
            file,
            path.key("codes").index(index),
            "alias code",
            alias,
        );
    }
}

fn check_family(family: &Family, gaps: &Gaps, codes: &mut Seen, out: &mut Vec<Diagnostic>) {
    let file = family.file.as_str();
    let root = YamlPath::root();
    slug_of_file(out, file, "family", &family.slug);
    code(out, file, root.key("code"), "family code", &family.code);
    if fits(&family.code) {
        out.extend(codes.claim("family code", &family.code, file, root.key("code")));
    }
    required(out, file, root.key("name"), &family.name);
    warn_hidden_characters(out, file, || root.key("name"), &family.name);
    warn_hidden_characters(out, file, || root.key("description"), &family.description);
    limits::text(out, file, || root.key("description"), &family.description);
    check_aliases(&family.aliases, file, out);
    let roles = Count {
        what: "family of {} roles",
        count: family.roles.len(),
        warn: Some(limits::ROLES_WARN),
        max: limits::ROLES_MAX,
        advice: "real families have 5–40 roles, and the family page lists every role with its \
                 levels: split the family",
    };
    roles.check(out, file, root.clone());
    if family.roles.is_empty() && !gaps.family_incomplete(family) {
        out.push(Diagnostic::warning(
            Code::FamilyWithoutRoles,
            file,
            root,
            "family has no roles yet: add a <role>.yaml beside this file",
        ));
    }
}

fn check_role(role: &Role, ladder: Option<&Levels>, gaps: &Gaps, out: &mut Vec<Diagnostic>) {
    let file = role.file.as_str();
    let root = YamlPath::root();
    slug_of_file(out, file, "role", &role.slug);
    code(out, file, root.key("code"), "role code", &role.code);
    required(out, file, root.key("name"), &role.name);
    required(out, file, root.key("description"), &role.description);
    warn_hidden_characters(out, file, || root.key("name"), &role.name);
    warn_hidden_characters(out, file, || root.key("description"), &role.description);
    check_aliases(&role.aliases, file, out);
    if role.profiles.is_empty() && !gaps.broken_files.contains(file) {
        out.push(Diagnostic::error(
            Code::NoProfiles,
            file,
            root.key("levels"),
            "role has no profiles: add at least one level under `levels`",
        ));
    }
    if let Some(ladder) = ladder {
        too_many_profiles(role, ladder, out);
    }
    let mut hints = Hints::new();
    // A level of this role, for "indent it under its level's line (such as `P3:`)".
    let example = ladder.and_then(|ladder| {
        role.profiles
            .iter()
            .map(|p| p.level.as_str())
            .find(|level| ladder.has(level))
    });
    for profile in &role.profiles {
        let path = root.key("levels").key(&profile.level);
        if let Some(ladder) = ladder.filter(|ladder| !ladder.has(&profile.level)) {
            let diagnostic = unknown_level(
                ladder,
                &profile.level,
                example,
                file,
                path.clone(),
                &mut hints,
            );
            let misplaced = diagnostic.code == Code::MisplacedKey;
            out.push(diagnostic);
            if misplaced {
                // Not a profile at all: its own checks would only repeat the mistake.
                continue;
            }
        }
        check_profile(profile, file, &path, out);
    }
    for pair in role.profiles.windows(2) {
        warn_repeated_text(&pair[0], &pair[1], file, &root.key("levels"), out);
    }
}

fn check_profile(profile: &Profile, file: &str, path: &YamlPath, out: &mut Vec<Diagnostic>) {
    optional(out, file, path.key("title"), profile.title.as_deref());
    let refused = check_list_lengths(profile, file, path, out);
    let checked = texts(profile)
        .into_iter()
        .filter(|(at, _)| at.index.is_none() || !refused.contains(&at.keys));
    for (at, text) in checked {
        warn_hidden_characters(out, file, || at.under(path), text);
        if text.trim().is_empty() {
            let (code, message) = if at.index.is_some() {
                (Code::EmptyListItem, "list item must not be empty")
            } else {
                (
                    Code::EmptyText,
                    "is empty; write the text or remove the key to leave it out",
                )
            };
            out.push(Diagnostic::error(code, file, at.under(path), message));
        } else {
            limits::text(out, file, || at.under(path), text);
        }
    }
    let no_rows = profile.core_outputs.is_empty()
        && profile.jfm_responsibilities.is_empty()
        && profile.components.responsibilities.is_empty();
    if no_rows {
        out.push(Diagnostic::warning(
            Code::ProfileWithoutGoalLines,
            file,
            path.clone(),
            "profile has no core_outputs, jfm_responsibilities or components.responsibilities: \
             its SMART, OKR, MBO and internal-process goal sections will be empty",
        ));
    }
}

/// Reports the profile's lists that are over a length limit; returns the keys of those refused,
/// whose items are then not checked one by one.
fn check_list_lengths(
    profile: &Profile,
    file: &str,
    path: &YamlPath,
    out: &mut Vec<Diagnostic>,
) -> Vec<[&'static str; 2]> {
    let mut refused = Vec::new();
    for (keys, len) in list_lengths(profile) {
        let at = TextAt { keys, index: None };
        if !limits::list(out, file, || at.under(path), len) {
            refused.push(keys);
        }
    }
    refused
}

/// Each list of a profile (as the keys of its `TextAt`) with its length.
fn list_lengths(profile: &Profile) -> Vec<([&'static str; 2], usize)> {
    let mut lists = vec![
        (["core_outputs", ""], profile.core_outputs.len()),
        (
            ["jfm_responsibilities", ""],
            profile.jfm_responsibilities.len(),
        ),
    ];
    for (key, _, items) in profile.components.lists() {
        lists.push((["components", key], items.len()));
    }
    lists
}

/// The texts of a profile, leaving out the items of lists refused for their length (already
/// reported once; their items are not compared one by one).
fn texts_within_limits(profile: &Profile) -> Vec<(TextAt, &str)> {
    let refused: Vec<[&str; 2]> = list_lengths(profile)
        .into_iter()
        .filter(|(_, len)| *len > limits::LIST_MAX)
        .map(|(keys, _)| keys)
        .collect();
    let mut all = texts(profile);
    all.retain(|(at, _)| at.index.is_none() || !refused.contains(&at.keys));
    all
}

/// Where a text sits inside its profile; turned into a `YamlPath` only when it is reported.
#[derive(Debug, Clone, Copy)]
struct TextAt {
    keys: [&'static str; 2],
    index: Option<usize>,
}

impl TextAt {
    fn under(&self, profile: &YamlPath) -> YamlPath {
        let mut path = profile.clone();
        for key in self.keys.iter().filter(|key| !key.is_empty()) {
            path = path.key(key);
        }
        match self.index {
            Some(index) => path.index(index),
            None => path,
        }
    }
}

/// Every text of a profile (summary excepted when empty) with where it sits.
fn texts(profile: &Profile) -> Vec<(TextAt, &str)> {
    let at = |first, second, index| TextAt {
        keys: [first, second],
        index,
    };
    let mut all = Vec::new();
    if !profile.summary.trim().is_empty() {
        all.push((at("summary", "", None), profile.summary.as_str()));
    }
    let lists = [
        ("core_outputs", profile.core_outputs.as_slice()),
        (
            "jfm_responsibilities",
            profile.jfm_responsibilities.as_slice(),
        ),
    ];
    for (key, items) in lists {
        all.extend(
            items
                .iter()
                .enumerate()
                .map(|(i, text)| (at(key, "", Some(i)), text.as_str())),
        );
    }
    for (key, _, items) in profile.components.lists() {
        all.extend(
            items
                .iter()
                .enumerate()
                .map(|(i, text)| (at("components", key, Some(i)), text.as_str())),
        );
    }
    let rubrics = [
        ("complexity", &profile.rubrics.complexity),
        (
            "knowledge_application",
            &profile.rubrics.knowledge_application,
        ),
    ];
    for (key, text) in rubrics {
        if let Some(text) = text {
            all.push((at("rubrics", key, None), text.as_str()));
        }
    }
    all
}

/// Warns when a level repeats, word for word, a text of the level just below it.
fn warn_repeated_text(
    lower: &Profile,
    upper: &Profile,
    file: &str,
    levels: &YamlPath,
    out: &mut Vec<Diagnostic>,
) {
    let below: BTreeMap<&str, TextAt> = texts_within_limits(lower)
        .into_iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(at, text)| (text, at))
        .collect();
    for (at, text) in texts_within_limits(upper) {
        if let Some(lower_at) = below.get(text) {
            let lower_path = lower_at.under(&YamlPath::root());
            out.push(Diagnostic::warning(
                Code::RepeatedText,
                file,
                at.under(&levels.key(&upper.level)),
                format!(
                    "same text as levels.{}.{lower_path}: adjacent levels should show progression",
                    lower.level
                ),
            ));
        }
    }
}

/// URL paths that two canon entries would both write to, and former codes that would make an
/// old profile ID point at a current one. Current paths are claimed before aliases, so a clash is
/// reported on the alias.
fn check_url_collisions(canon: &Canon, out: &mut Vec<Diagnostic>) {
    let root = YamlPath::root();
    let mut paths = Seen::default();
    for reserved in urls::RESERVED_TOP_LEVEL {
        paths.0.insert(
            urls::family_slug_dir(reserved),
            (RESERVED.to_string(), root.clone()),
        );
    }
    for family in &canon.families {
        if urls::RESERVED_TOP_LEVEL.contains(&urls::fold(&family.slug).as_str()) {
            out.push(Diagnostic::error(
                Code::Reserved,
                &family.file,
                root.clone(),
                format!(
                    "family slug `{}` is reserved for the site's own pages; rename the folder",
                    family.slug
                ),
            ));
            continue;
        }
        out.extend(paths.claim(
            "URL path",
            &urls::family_dir(family),
            &family.file,
            root.clone(),
        ));
        for role in &family.roles {
            let path = urls::role_dir(family, role);
            out.extend(paths.claim("URL path", &path, &role.file, root.clone()));
        }
    }
    for guide in &canon.guides {
        let top = guide.path.split('/').next().unwrap_or_default();
        if urls::RESERVED_TOP_LEVEL.contains(&urls::fold(top).as_str()) {
            out.push(Diagnostic::error(
                Code::Reserved,
                &guide.file,
                root.clone(),
                format!(
                    "guide page address `{top}/` is reserved for the site's own pages; rename the \
                     file or folder"
                ),
            ));
            continue;
        }
        let url = format!("{}/", guide.path);
        out.extend(paths.claim("URL path", &url, &guide.file, root.clone()));
    }
    let mut family_codes = Seen::holding(
        canon
            .families
            .iter()
            .map(|f| (f.code.as_str(), f.file.as_str())),
    );
    for family in &canon.families {
        for (index, alias) in family.aliases.slugs.iter().enumerate() {
            let path = root.key("aliases").key("slugs").index(index);
            out.extend(paths.claim(
                "URL path",
                &urls::family_slug_dir(alias),
                &family.file,
                path,
            ));
        }
        claim_alias_codes(
            &mut family_codes,
            "family code",
            &family.aliases,
            &family.file,
            out,
        );
        let mut role_codes = Seen::holding(
            family
                .roles
                .iter()
                .map(|r| (r.code.as_str(), r.file.as_str())),
        );
        for role in &family.roles {
            for (index, alias) in role.aliases.slugs.iter().enumerate() {
                let path = root.key("aliases").key("slugs").index(index);
                let url = urls::role_slug_dir(&family.slug, alias);
                out.extend(paths.claim("URL path", &url, &role.file, path));
            }
            claim_alias_codes(&mut role_codes, "role code", &role.aliases, &role.file, out);
        }
    }
}

/// Former codes keep old profile IDs alive as redirects, so they may not name a current entry.
fn claim_alias_codes(
    seen: &mut Seen,
    what: &str,
    aliases: &Aliases,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (index, alias) in aliases.codes.iter().enumerate() {
        let path = YamlPath::root().key("aliases").key("codes").index(index);
        out.extend(seen.claim(what, alias, file, path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canon_of_more_than_a_million_profiles_is_refused() {
        let mut out = Vec::new();
        check_profile_count(limits::PROFILES_MAX, &mut out);
        assert!(out.is_empty());
        check_profile_count(limits::PROFILES_MAX + 1, &mut out);
        let lines: Vec<String> = out.iter().map(|d| d.render("canon")).collect();
        assert_eq!(
            lines,
            [
                "error[JF0605]: canon of 1,000,001 profiles; the limit is 1,000,000: ten times the largest canon benchmarked; publish parts of it as separate canons"
            ]
        );
    }
}
