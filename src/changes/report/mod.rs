//! `jobframe diff`'s outputs for people: a terminal report ([`human`]) and a pull-request comment
//! ([`markdown`]). The JSON output is the [`CanonDiff`] itself.

pub mod human;
pub mod markdown;

use super::{CanonDiff, Counts, Rename, Status, Tally};
use crate::console::plural;

/// `2026.1 → 2026.2`, or just `2026.2` when the version did not change.
pub fn versions(diff: &CanonDiff) -> String {
    if diff.before.version == diff.after.version {
        diff.after.version.clone()
    } else {
        format!("{} → {}", diff.before.version, diff.after.version)
    }
}

/// One line saying how much differs, e.g. `2 levels, 1 family, 3 roles and 14 profiles differ`.
pub fn summary(diff: &CanonDiff) -> String {
    if diff.is_empty() {
        return "no differences".to_string();
    }
    let Counts {
        settings,
        tracks,
        levels,
        families,
        roles,
        profiles,
        pay_ranges,
        guides,
    } = &diff.counts;
    let counted: Vec<(usize, &str)> = [
        (*settings, "setting"),
        (tracks.total(), "track"),
        (levels.total(), "level"),
        (families.total(), "family"),
        (roles.total(), "role"),
        (profiles.total(), "profile"),
        (pay_ranges.total(), "pay range"),
        (guides.total(), "guide page"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .collect();
    let mut parts: Vec<String> = counted.iter().map(|&(n, noun)| plural(n, noun)).collect();
    if diff.levels_reordered.is_some() && levels.total() == 0 {
        parts.push("the level order".to_string());
    }
    if diff.tracks_reordered.is_some() && tracks.total() == 0 {
        parts.push("the track order".to_string());
    }
    if let Some(pay) = &diff.pay
        && pay_ranges.total() == 0
    {
        parts.push(match pay.status {
            super::Status::Added => "pay.yaml (new)".to_string(),
            super::Status::Removed => "pay.yaml (removed)".to_string(),
            super::Status::Changed => "pay.yaml's zones or dates".to_string(),
        });
    }
    let one_thing = parts.len() == 1 && counted.iter().all(|(n, _)| *n <= 1);
    let last = parts.pop().unwrap_or_default();
    let listed = if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    };
    format!("{listed} {}", if one_thing { "differs" } else { "differ" })
}

/// `renamed from PARTNER (partner-sales), recognised by its aliases`.
pub fn rename_note(rename: &Rename) -> String {
    let old = match &rename.slug {
        Some(slug) => format!("{} ({slug})", rename.code),
        None => rename.code.clone(),
    };
    let how = match rename.recognised_by {
        super::pairing::Recognised::Code => "its code",
        super::pairing::Recognised::Alias => "its aliases",
        super::pairing::Recognised::Slug => "its slug",
        super::pairing::Recognised::Name => "its name",
        super::pairing::Recognised::Content => "identical content",
    };
    format!("renamed from {old}, recognised by {how}")
}

/// `added`, `removed`, `changed`.
pub fn status_word(status: Status) -> &'static str {
    match status {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

/// The rows of the summary table: (label, tally).
pub fn tallies(counts: &Counts) -> [(&'static str, &Tally); 7] {
    [
        ("Tracks", &counts.tracks),
        ("Levels", &counts.levels),
        ("Families", &counts.families),
        ("Roles", &counts.roles),
        ("Profiles", &counts.profiles),
        ("Pay ranges", &counts.pay_ranges),
        ("Guide pages", &counts.guides),
    ]
}

/// One changed range in words: `ladder-wide US P5: 130000–150000–170000 → 135000–155000–175000`.
pub fn range_line(range: &super::RangeChange) -> String {
    let span = |amounts: &Option<super::Amounts>| amounts.as_ref().map(super::Amounts::span);
    match (span(&range.before), span(&range.after)) {
        (Some(before), Some(after)) => format!("{}: {before} → {after}", range.place()),
        (None, Some(after)) => format!("{}: {after} (added)", range.place()),
        (Some(before), None) => format!("{}: {before} (removed)", range.place()),
        (None, None) => range.place(),
    }
}

/// `pay.yaml added`, `pay.yaml removed` or `pay.yaml changed`.
pub fn pay_heading(pay: &super::PayDiff) -> String {
    format!("pay.yaml {}", status_word(pay.status))
}

/// `12 profile pages and 9 goal templates pages change; the pages of 2 profiles are gone.`
pub fn pages_sentence(diff: &CanonDiff) -> String {
    let pages = &diff.consequences;
    let mut sentence = format!(
        "{} and {} change",
        plural(pages.profile_pages.len(), "profile page"),
        plural(pages.goals_pages.len(), "goal templates page")
    );
    if !pages.removed_pages.is_empty() {
        sentence.push_str(&format!(
            "; the pages of {} are gone",
            plural(pages.removed_pages.len(), "profile")
        ));
    }
    sentence.push('.');
    sentence
}

/// `JobFrame 2026.4 → 2026.5 (2026-10-01 → 2027-01-01)`, or `JobFrame 2026.4 (2026-10-01)`.
pub fn title(diff: &CanonDiff) -> String {
    let dates = if diff.before.effective_date == diff.after.effective_date {
        diff.after.effective_date.clone()
    } else {
        format!(
            "{} → {}",
            diff.before.effective_date, diff.after.effective_date
        )
    };
    format!("{} {} ({dates})", diff.after.name, versions(diff))
}

/// `text` with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// How many role and profile entries a family lists: `2 roles, 11 profiles`, `1 role` (a role
/// moved in lists no profile of its own).
pub fn family_size(family: &super::FamilyChange) -> String {
    let profiles: usize = family.roles.iter().map(|r| r.profiles.len()).sum();
    let roles = plural(family.roles.len(), "role");
    if profiles == 0 {
        roles
    } else {
        format!("{roles}, {}", plural(profiles, "profile"))
    }
}
