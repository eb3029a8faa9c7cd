//! What changes from one profile of a role to the next: word-level diffs of the level's texts and
//! rubrics, and which responsibility lines are new, gone or reworded. Pure; no I/O.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices, diff_ratio};

use crate::canon::model::{Dimension, Level, Profile};

/// Two lines count as one line reworded when at least this share of their words match
/// (`2 × matched words / (words before + words after)`, from 0 to 1); below it they are one line
/// removed and another added.
pub const REWORDED_MIN_SIMILARITY: f32 = 0.5;

/// Texts longer than this many words on either side are shown as a whole replaced, not diffed
/// word by word: the diff's cost grows with the product of the lengths.
pub const MAX_DIFF_WORDS: usize = 300;

/// Lists are paired line by line for rewording only while removed × added lines stays within
/// this many pairs; past it, every differing line is shown as removed or added.
pub const MAX_PAIRED_LINES: usize = 2_500;

/// One profile and the level it sits at: one side of a comparison.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub profile: &'a Profile,
    pub level: &'a Level,
}

/// What changes from `before` (the role's previous profile) to `after`.
#[derive(Debug, Serialize, JsonSchema, PartialEq)]
pub struct Changes<'a> {
    /// The level dimensions and rubrics whose text differs, in the fixed order.
    pub texts: Vec<TextChange<'a>>,
    /// Core outputs, JFM responsibilities and component responsibilities that differ; a list
    /// with no difference is left out.
    pub lists: Vec<ListChange<'a>>,
}

/// A text of the level or a rubric that differs.
#[derive(Debug, Serialize, JsonSchema, PartialEq)]
pub struct TextChange<'a> {
    pub label: &'static str,
    /// The text before; `None` where the canon had none. Not in the template context: `words`
    /// holds it.
    #[serde(skip)]
    #[schemars(skip)]
    pub before: Option<&'a str>,
    /// The text now; `None` where the canon has none (not in the template context either).
    #[serde(skip)]
    #[schemars(skip)]
    pub after: Option<&'a str>,
    /// Both texts as one sequence of runs of words: unchanged, deleted or inserted.
    pub words: Vec<WordRun>,
}

/// How a run of words changed.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Same,
    Deleted,
    Inserted,
}

/// Consecutive words with the same change, joined by single spaces.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct WordRun {
    pub change: Change,
    pub text: String,
}

/// One list's differences.
#[derive(Debug, Serialize, JsonSchema, PartialEq)]
pub struct ListChange<'a> {
    pub label: &'static str,
    /// Lines new at this level, in their order.
    pub added: Vec<&'a str>,
    /// Lines of the previous level no longer listed, in their order.
    pub removed: Vec<&'a str>,
    /// Lines whose wording changed, paired by similarity, in their order now.
    pub reworded: Vec<Reworded<'a>>,
}

/// A line whose wording changed.
#[derive(Debug, Serialize, JsonSchema, PartialEq)]
pub struct Reworded<'a> {
    /// The line before (not in the template context: `words` holds it).
    #[serde(skip)]
    #[schemars(skip)]
    pub before: &'a str,
    /// The line now (not in the template context: `words` holds it).
    #[serde(skip)]
    #[schemars(skip)]
    pub after: &'a str,
    pub words: Vec<WordRun>,
}

impl Changes<'_> {
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty() && self.lists.is_empty()
    }
}

/// What changes from `before` to `after`.
pub fn between<'a>(before: Side<'a>, after: Side<'a>) -> Changes<'a> {
    let mut texts: Vec<TextChange<'a>> = Dimension::ALL
        .iter()
        .filter_map(|&dimension| {
            text_change(
                dimension.label(),
                before.level.dimensions.get(dimension),
                after.level.dimensions.get(dimension),
            )
        })
        .collect();
    let rubric = |profile: &'a Profile| {
        [
            profile.rubrics.complexity.as_deref(),
            profile.rubrics.knowledge_application.as_deref(),
        ]
    };
    let labels = ["Problem-solving rubric", "Knowledge-application rubric"];
    for ((label, was), now) in labels
        .into_iter()
        .zip(rubric(before.profile))
        .zip(rubric(after.profile))
    {
        texts.extend(text_change(label, was, now));
    }
    let lists = [
        (
            "Core outputs",
            &before.profile.core_outputs,
            &after.profile.core_outputs,
        ),
        (
            "Responsibilities",
            &before.profile.jfm_responsibilities,
            &after.profile.jfm_responsibilities,
        ),
        (
            "Component responsibilities",
            &before.profile.components.responsibilities,
            &after.profile.components.responsibilities,
        ),
    ]
    .into_iter()
    .filter_map(|(label, was, now)| list_change(label, was, now))
    .collect();
    Changes { texts, lists }
}

pub fn text_change<'a>(
    label: &'static str,
    before: Option<&'a str>,
    after: Option<&'a str>,
) -> Option<TextChange<'a>> {
    (before != after).then(|| TextChange {
        label,
        before,
        after,
        words: word_diff(before.unwrap_or(""), after.unwrap_or("")),
    })
}

fn list_change<'a>(
    label: &'static str,
    before: &'a [String],
    after: &'a [String],
) -> Option<ListChange<'a>> {
    // Sets, not `contains` on the lists: lists may hold thousands of lines.
    let (was, now): (BTreeSet<&str>, BTreeSet<&str>) = (
        before.iter().map(String::as_str).collect(),
        after.iter().map(String::as_str).collect(),
    );
    let removed: Vec<&str> = before
        .iter()
        .map(String::as_str)
        .filter(|line| !now.contains(line))
        .collect();
    let added: Vec<&str> = after
        .iter()
        .map(String::as_str)
        .filter(|line| !was.contains(line))
        .collect();
    if removed.is_empty() && added.is_empty() {
        return None;
    }
    let (reworded, added, removed) = pair_lines(&removed, &added);
    Some(ListChange {
        label,
        added,
        removed,
        reworded,
    })
}

/// Splits differing lines into reworded pairs (by similarity, in their order now) and the lines
/// left over: `(reworded, added, removed)`, each in its order.
pub fn pair_lines<'a>(
    removed: &[&'a str],
    added: &[&'a str],
) -> (Vec<Reworded<'a>>, Vec<&'a str>, Vec<&'a str>) {
    let mut pairs = pair_by_similarity(removed, added);
    pairs.sort_by_key(|&(_, a)| a);
    let paired_before: BTreeSet<usize> = pairs.iter().map(|&(b, _)| b).collect();
    let paired_after: BTreeSet<usize> = pairs.iter().map(|&(_, a)| a).collect();
    let reworded = pairs
        .iter()
        .map(|&(b, a)| Reworded {
            before: removed[b],
            after: added[a],
            words: word_diff(removed[b], added[a]),
        })
        .collect();
    let unpaired = |lines: &[&'a str], paired: &BTreeSet<usize>| -> Vec<&'a str> {
        (0..lines.len())
            .filter(|i| !paired.contains(i))
            .map(|i| lines[i])
            .collect()
    };
    (
        reworded,
        unpaired(added, &paired_after),
        unpaired(removed, &paired_before),
    )
}

/// Pairs removed and added lines, most similar first, each line at most once, keeping pairs at
/// or above [`REWORDED_MIN_SIMILARITY`]. Returns `(removed index, added index)` pairs.
fn pair_by_similarity(removed: &[&str], added: &[&str]) -> Vec<(usize, usize)> {
    if removed.len().saturating_mul(added.len()) > MAX_PAIRED_LINES {
        return Vec::new();
    }
    let removed_words: Vec<_> = removed.iter().map(|line| words_of(line)).collect();
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (j, line) in added.iter().enumerate() {
        let new = words_of(line);
        for (i, old) in removed_words.iter().enumerate() {
            // Most pairs share too few words to reach the threshold: skip the diff for them.
            if upper_bound(&old.1, &new.1) < REWORDED_MIN_SIMILARITY {
                continue;
            }
            let score = similarity(&old.0, &new.0);
            if score >= REWORDED_MIN_SIMILARITY {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.2, x.1).cmp(&(y.2, y.1))));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (_, i, j) in candidates {
        if !pairs.iter().any(|&(b, a)| b == i || a == j) {
            pairs.push((i, j));
        }
    }
    pairs
}

/// A line's words in order, and sorted.
fn words_of(line: &str) -> (Vec<&str>, Vec<&str>) {
    let in_order: Vec<&str> = line.split_whitespace().collect();
    let mut sorted = in_order.clone();
    sorted.sort_unstable();
    (in_order, sorted)
}

/// The share of words two lines have in common in any order, from their sorted words: never
/// less than [`similarity`], which counts only words in order.
fn upper_bound(old_sorted: &[&str], new_sorted: &[&str]) -> f32 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < old_sorted.len() && j < new_sorted.len() {
        match old_sorted[i].cmp(new_sorted[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let total = old_sorted.len() + new_sorted.len();
    if total == 0 {
        return 1.0;
    }
    (2 * common) as f32 / total as f32
}

/// The share of words two lines have in common, in order: 0 to 1.
fn similarity(old: &[&str], new: &[&str]) -> f32 {
    if old.len() > MAX_DIFF_WORDS || new.len() > MAX_DIFF_WORDS {
        return 0.0;
    }
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    diff_ratio(&ops, old.len(), new.len())
}

/// `before` and `after` as runs of unchanged, deleted and inserted words. Whitespace is not
/// compared: HTML shows any run of it as one space.
pub fn word_diff(before: &str, after: &str) -> Vec<WordRun> {
    let old: Vec<&str> = before.split_whitespace().collect();
    let new: Vec<&str> = after.split_whitespace().collect();
    let mut runs: Vec<WordRun> = Vec::new();
    if old.len() > MAX_DIFF_WORDS || new.len() > MAX_DIFF_WORDS {
        push_words(&mut runs, Change::Deleted, &old);
        push_words(&mut runs, Change::Inserted, &new);
        return runs;
    }
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push_words(&mut runs, Change::Same, &old[old_index..old_index + len]);
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push_words(
                &mut runs,
                Change::Deleted,
                &old[old_index..old_index + old_len],
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push_words(
                &mut runs,
                Change::Inserted,
                &new[new_index..new_index + new_len],
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push_words(
                    &mut runs,
                    Change::Deleted,
                    &old[old_index..old_index + old_len],
                );
                push_words(
                    &mut runs,
                    Change::Inserted,
                    &new[new_index..new_index + new_len],
                );
            }
        }
    }
    runs
}

/// Appends `words` to the last run if it has the same change, else as a new run.
fn push_words(runs: &mut Vec<WordRun>, change: Change, words: &[&str]) {
    if words.is_empty() {
        return;
    }
    let text = words.join(" ");
    match runs.last_mut() {
        Some(last) if last.change == change => {
            last.text.push(' ');
            last.text.push_str(&text);
        }
        _ => runs.push(WordRun { change, text }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(diff: &[WordRun]) -> Vec<(Change, &str)> {
        diff.iter().map(|r| (r.change, r.text.as_str())).collect()
    }

    #[test]
    fn word_diff_marks_exactly_the_changed_words() {
        let diff = word_diff(
            "Leads projects and guides team practice",
            "Leads cross-team projects and sets team practice",
        );
        assert_eq!(
            runs(&diff),
            [
                (Change::Same, "Leads"),
                (Change::Inserted, "cross-team"),
                (Change::Same, "projects and"),
                (Change::Deleted, "guides"),
                (Change::Inserted, "sets"),
                (Change::Same, "team practice"),
            ]
        );
    }

    #[test]
    fn a_text_new_at_this_level_is_all_inserted() {
        assert_eq!(
            runs(&word_diff("", "Owns it")),
            [(Change::Inserted, "Owns it")]
        );
    }

    #[test]
    fn very_long_texts_are_replaced_whole() {
        let long = "word ".repeat(MAX_DIFF_WORDS + 1);
        let diff = word_diff(&long, "short");
        assert_eq!(diff.len(), 2);
        assert_eq!(
            (diff[0].change, diff[1].change),
            (Change::Deleted, Change::Inserted)
        );
    }

    #[test]
    fn lines_pair_as_reworded_only_above_the_threshold() {
        let before = vec![
            "Owns decisions within a workstream".to_string(),
            "Keeps the books".to_string(),
        ];
        let after = vec![
            "Owns decisions within a product area".to_string(),
            "Runs the audit".to_string(),
        ];
        let change = list_change("Responsibilities", &before, &after).expect("lists differ");
        assert_eq!(change.reworded.len(), 1);
        assert_eq!(
            change.reworded[0].after,
            "Owns decisions within a product area"
        );
        assert_eq!(change.added, ["Runs the audit"]);
        assert_eq!(change.removed, ["Keeps the books"]);
    }

    #[test]
    fn identical_lists_in_another_order_do_not_differ() {
        let before = vec!["A b".to_string(), "C d".to_string()];
        let after = vec!["C d".to_string(), "A b".to_string()];
        assert_eq!(list_change("Core outputs", &before, &after), None);
    }

    #[test]
    fn too_many_lines_to_pair_are_shown_as_added_and_removed() {
        let lines = |prefix: &str| -> Vec<String> {
            (0..60)
                .map(|i| format!("{prefix} the same long line number {i}"))
                .collect()
        };
        let (old, new) = (lines("Old"), lines("New"));
        let change = list_change("Responsibilities", &old, &new).expect("differ");
        assert!(change.reworded.is_empty());
        assert_eq!((change.added.len(), change.removed.len()), (60, 60));
    }
}
