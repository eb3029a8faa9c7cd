//! The plain "Copy / print as text" form of each goal section, in the reference layout.

use super::{
    DATE, GoalSheet, MBO_TITLE, MboArea, OKRS_TITLE, Objective, Perspective, SCORECARD_TITLE,
    SMART_TITLE, SmartGoal, TARGET,
};

/// The whole goals page as text (`goals.txt`): its header (heading, subline with the profile
/// ID, disclaimer), then each framework present, titled, exactly as its Copy button copies it,
/// then `footer` (which canon release this is).
pub fn document(sheet: &GoalSheet<'_>, id: &str, footer: &str) -> String {
    let mut text = format!(
        "{}\n{} · {id}\n\n{}\n",
        sheet.heading, sheet.subline, sheet.disclaimer
    );
    let sections = [
        (SMART_TITLE, sheet.smart.as_deref().map(smart)),
        (OKRS_TITLE, sheet.okrs.as_deref().map(okrs)),
        (MBO_TITLE, sheet.mbo.as_deref().map(mbo)),
        (SCORECARD_TITLE, sheet.scorecard.as_deref().map(scorecard)),
    ];
    for (title, block) in sections {
        if let Some(block) = block {
            text.push_str(&format!("\n{title}\n\n{block}"));
        }
    }
    text.push_str(&format!("\n{footer}\n"));
    text
}

/// Joins items (each ending in a newline) with one blank line between them.
fn blocks(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("\n")
}

fn source(tag: &str) -> String {
    format!("  [source: {tag}]")
}

pub fn smart(goals: &[SmartGoal<'_>]) -> String {
    blocks(goals.iter().enumerate().map(|(index, goal)| {
        let mut item = format!(
            "{}. {}{}\n",
            index + 1,
            goal.row.text,
            source(&goal.row.source)
        );
        for line in &goal.lines {
            item.push_str(&format!(
                "   {:<13}{}\n",
                format!("{}:", line.label),
                line.text
            ));
        }
        item
    }))
}

pub fn okrs(objectives: &[Objective<'_>]) -> String {
    blocks(objectives.iter().enumerate().map(|(index, objective)| {
        let row = &objective.row;
        let mut item = format!(
            "Objective {}: {}{}\n",
            index + 1,
            row.text,
            source(&row.source)
        );
        for (n, key_result) in objective.key_results.iter().enumerate() {
            item.push_str(&format!("  KR{}. {key_result}\n", n + 1));
        }
        item
    }))
}

pub fn mbo(areas: &[MboArea<'_>]) -> String {
    blocks(areas.iter().enumerate().map(|(index, area)| {
        let row = &area.row;
        let mut item = format!("{}. Area: {}{}\n", index + 1, row.text, source(&row.source));
        if let Some(standard) = &area.standard {
            item.push_str(&format!("   Standard: {standard}\n"));
        }
        item.push_str(&format!("   Target:   {TARGET}   Due: {DATE}\n"));
        item
    }))
}

pub fn scorecard(perspectives: &[Perspective]) -> String {
    blocks(perspectives.iter().map(|perspective| {
        let mut item = format!("{}\n", perspective.name);
        for entry in &perspective.items {
            item.push_str(&format!(
                "  - {}  →  {TARGET} by {DATE}   [source: {}]\n",
                entry.text, entry.source
            ));
        }
        item
    }))
}
