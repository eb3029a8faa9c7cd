//! Settings, tracks and levels: which texts differ, what was renamed, added, removed, reordered.

use super::pairing::{self, Recognised};
use super::{EntryChange, FieldChange, Rename, Reorder, Status};
use crate::canon::model::{Dimension, Level, Settings, Track};
use crate::progression;

/// A field change when the texts differ.
pub(super) fn field(
    key: &str,
    label: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Option<FieldChange> {
    let change = progression::text_change("", before, after)?;
    Some(FieldChange {
        field: key.to_string(),
        label: label.to_string(),
        before: before.map(str::to_string),
        after: after.map(str::to_string),
        words: change.words,
    })
}

pub(super) fn settings_fields(before: &Settings, after: &Settings) -> Vec<FieldChange> {
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
        field(
            "publish_pay",
            "Publish pay",
            Some(flag(before.publish_pay)),
            Some(flag(after.publish_pay)),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub(super) fn track_fields(before: &Track, after: &Track) -> Vec<FieldChange> {
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

pub(super) fn level_fields(before: &Level, after: &Level) -> Vec<FieldChange> {
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
pub(super) fn ladder_entries<T: PartialEq>(
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
