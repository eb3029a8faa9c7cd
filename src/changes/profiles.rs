//! One profile's own texts and lines: fields with word diffs, lines added, removed, reworded or
//! reordered.

use std::collections::BTreeMap;

use super::ladder::field;
use super::{ListDiff, ProfileChange, RewordedLine, Status};
use crate::canon::model::{LineKind, Profile};
use crate::progression;

/// The differences of one profile's own texts (its ID and title are filled in by the caller).
pub(super) fn profile_change(before: &Profile, after: &Profile) -> ProfileChange {
    let fields = [
        field(
            "title",
            "Title",
            before.title.as_deref(),
            after.title.as_deref(),
        ),
        field(
            "summary",
            "Summary",
            Some(&before.summary),
            Some(&after.summary),
        ),
        field(
            "rubrics.complexity",
            "Problem-solving rubric",
            before.rubrics.complexity.as_deref(),
            after.rubrics.complexity.as_deref(),
        ),
        field(
            "rubrics.knowledge_application",
            "Knowledge-application rubric",
            before.rubrics.knowledge_application.as_deref(),
            after.rubrics.knowledge_application.as_deref(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lists = LineKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let (list, label) = list_names(kind);
            lines_diff(list, label, before.lines(kind), after.lines(kind))
        })
        .collect();
    ProfileChange {
        id: String::new(),
        before_id: None,
        level: after.level.clone(),
        title: String::new(),
        status: Status::Changed,
        fields,
        lists,
    }
}

/// The canon key and the label of a list of lines.
pub fn list_names(kind: LineKind) -> (&'static str, &'static str) {
    match kind {
        LineKind::CoreOutput => ("core_outputs", "Core outputs"),
        LineKind::JfmResponsibility => ("jfm_responsibilities", "JFM responsibilities"),
        LineKind::ComponentResponsibility => {
            ("components.responsibilities", "Component responsibilities")
        }
        LineKind::Task => ("components.tasks", "Tasks"),
        LineKind::Skill => ("components.skills", "Skills"),
        LineKind::Knowledge => ("components.knowledge", "Knowledge"),
        LineKind::Competency => ("components.competencies", "Competencies"),
        LineKind::Qualification => ("components.qualifications", "Qualifications"),
    }
}

/// One list's lines added, removed and reworded, counting repeated lines, and whether the
/// lines on both sides changed order; `list` is its canon key, `label` its name for people.
pub(super) fn lines_diff(
    list: &str,
    label: &str,
    before: &[String],
    after: &[String],
) -> Option<ListDiff> {
    if before == after {
        return None;
    }
    let removed = without(before, after.iter().map(String::as_str));
    let added = without(after, before.iter().map(String::as_str));
    let kept_before = without(before, removed.iter().copied());
    let kept_after = without(after, added.iter().copied());
    let (reworded, added, removed) = progression::pair_lines(&removed, &added);
    Some(ListDiff {
        list: list.to_string(),
        label: label.to_string(),
        reordered: kept_before != kept_after,
        added: added.into_iter().map(str::to_string).collect(),
        removed: removed.into_iter().map(str::to_string).collect(),
        reworded: reworded
            .into_iter()
            .map(|r| RewordedLine {
                before: r.before.to_string(),
                after: r.after.to_string(),
                words: r.words,
            })
            .collect(),
    })
}

/// `lines` in order, without those matched one for one by `removing` (a line listed twice in
/// `removing` drops two of its copies).
fn without<'a, 'r>(
    lines: &'a [String],
    removing: impl IntoIterator<Item = &'r str>,
) -> Vec<&'a str> {
    let mut dropping: BTreeMap<&str, usize> = BTreeMap::new();
    for line in removing {
        *dropping.entry(line).or_default() += 1;
    }
    lines
        .iter()
        .map(String::as_str)
        .filter(|line| match dropping.get_mut(line) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
