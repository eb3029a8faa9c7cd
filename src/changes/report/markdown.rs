//! The pull-request comment: a heading, a table of counts, the pages and goal frames affected,
//! then one collapsible `<details>` block per family, kept under [`MARKDOWN_LIMIT`] bytes.

use std::fmt::Write;

use super::{
    capitalised, family_size, pages_sentence, pay_heading, range_line, rename_note, status_word,
    summary, tallies, versions,
};
use crate::changes::{
    CanonDiff, EntryChange, FamilyChange, FieldChange, ListDiff, ListOrder, ProfileChange,
    RoleChange, Status,
};
use crate::progression::{Change, WordRun};

/// GitHub refuses comments over 65,536 characters; bytes are never fewer than characters.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// Goal frame changes listed before the rest are summed up in one line.
const FRAMES_SHOWN: usize = 50;

/// Room kept for the closing truncation line.
const TRUNCATION_ROOM: usize = 400;

/// The comment, under [`MARKDOWN_LIMIT`] bytes, ending in a newline.
pub fn markdown(diff: &CanonDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### Canon changes: {}\n", escape(&versions(diff)));
    let _ = writeln!(
        out,
        "{} canon **{}** (effective {}) → **{}** (effective {}).\n",
        escape(&diff.after.name),
        escape(&diff.before.version),
        escape(&diff.before.effective_date),
        escape(&diff.after.version),
        escape(&diff.after.effective_date)
    );
    if diff.is_empty() {
        out.push_str("No changes to the canon: every page and goal template stays as it is.\n");
        return out;
    }
    write_table(&mut out, diff);
    let _ = writeln!(out, "**Pages:** {}\n", pages_sentence(diff));
    write_frames(&mut out, diff);
    write_settings_and_ladder(&mut out, diff);
    write_pay(&mut out, diff);
    write_guides(&mut out, diff);
    write_families(&mut out, diff);
    out
}

/// Markdown and HTML specials escaped, so canon text shows as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An identifier shown as code: backticks inside are replaced, since they would end it.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

fn words(runs: &[WordRun]) -> String {
    runs.iter()
        .map(|run| match run.change {
            Change::Same => escape(&run.text),
            Change::Deleted => format!("<del>{}</del>", escape(&run.text)),
            Change::Inserted => format!("<ins>{}</ins>", escape(&run.text)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_table(out: &mut String, diff: &CanonDiff) {
    out.push_str(
        "| | Added | Removed | Renamed | Moved | Changed |\n|---|---:|---:|---:|---:|---:|\n",
    );
    if diff.counts.settings > 0 {
        let _ = writeln!(out, "| Settings | | | | | {} |", diff.counts.settings);
    }
    for (label, tally) in tallies(&diff.counts) {
        if tally.total() == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} | {} | {} |",
            tally.added, tally.removed, tally.renamed, tally.moved, tally.changed
        );
    }
    let _ = writeln!(out, "\n{}.\n", capitalised(&summary(diff)));
}

fn write_frames(out: &mut String, diff: &CanonDiff) {
    let frames = &diff.consequences.frames;
    if frames.is_empty() {
        return;
    }
    out.push_str("**Goal frames that gain or lose rows:**\n\n");
    for frame in frames.iter().take(FRAMES_SHOWN) {
        let _ = writeln!(
            out,
            "- {}: {}",
            code(&frame.id),
            escape(&frame.changes.join("; "))
        );
    }
    if frames.len() > FRAMES_SHOWN {
        let _ = writeln!(out, "- … and {} more profiles", frames.len() - FRAMES_SHOWN);
    }
    out.push('\n');
}

fn field_item(depth: usize, field: &FieldChange) -> String {
    format!(
        "{}- {}: {}\n",
        "  ".repeat(depth),
        escape(&field.label),
        words(&field.words)
    )
}

fn write_settings_and_ladder(out: &mut String, diff: &CanonDiff) {
    if !diff.settings.is_empty() {
        out.push_str("#### Settings\n\n");
        for field in &diff.settings {
            out.push_str(&field_item(0, field));
        }
        out.push('\n');
    }
    let orders = [
        ("Tracks", &diff.tracks_reordered),
        ("Levels", &diff.levels_reordered),
    ];
    if diff.tracks.is_empty() && diff.levels.is_empty() && orders.iter().all(|(_, o)| o.is_none()) {
        return;
    }
    out.push_str("#### Ladder\n\n");
    for (noun, entries) in [("Track", &diff.tracks), ("Level", &diff.levels)] {
        for entry in entries.iter() {
            out.push_str(&entry_item(noun, entry));
        }
    }
    for (noun, order) in orders {
        if let Some(order) = order {
            let _ = writeln!(
                out,
                "- {noun} reordered: {} → {}",
                escape(&order.before.join(", ")),
                escape(&order.after.join(", "))
            );
        }
    }
    out.push('\n');
}

/// Changed pay ranges listed in the comment at most; `jobframe diff` lists them all.
const RANGES_SHOWN: usize = 100;

fn write_pay(out: &mut String, diff: &CanonDiff) {
    let Some(pay) = &diff.pay else {
        return;
    };
    let _ = writeln!(out, "#### Pay ranges\n\n- {}", escape(&pay_heading(pay)));
    for field in &pay.fields {
        out.push_str(&field_item(1, field));
    }
    for zone in &pay.zones {
        let _ = writeln!(
            out,
            "- Zone {} {}: {}",
            code(&zone.code),
            escape(&zone.name),
            status_word(zone.status)
        );
        for field in &zone.fields {
            out.push_str(&field_item(1, field));
        }
    }
    for range in pay.ranges.iter().take(RANGES_SHOWN) {
        let _ = writeln!(out, "- {}", escape(&range_line(range)));
    }
    if pay.ranges.len() > RANGES_SHOWN {
        let _ = writeln!(
            out,
            "- … and {} more ranges (`jobframe diff` lists them all)",
            pay.ranges.len() - RANGES_SHOWN
        );
    }
    out.push('\n');
}

fn entry_item(noun: &str, entry: &EntryChange) -> String {
    let renamed = entry
        .renamed_from
        .as_ref()
        .map(|r| format!(", {}", escape(&rename_note(r))))
        .unwrap_or_default();
    let mut item = format!(
        "- {noun} {} {}: {}{renamed}\n",
        code(&entry.code),
        escape(&entry.name),
        status_word(entry.status)
    );
    for field in &entry.fields {
        item.push_str(&field_item(1, field));
    }
    item
}

fn write_families(out: &mut String, diff: &CanonDiff) {
    let budget = MARKDOWN_LIMIT - TRUNCATION_ROOM;
    let total_roles: usize = diff.families.iter().map(|f| f.roles.len().max(1)).sum();
    let mut shown_roles = 0;
    for (index, family) in diff.families.iter().enumerate() {
        let opening = family_opening(family);
        let closing = "\n</details>\n\n";
        if out.len() + opening.len() + closing.len() > budget {
            truncated(out, diff.families.len() - index, total_roles - shown_roles);
            return;
        }
        out.push_str(&opening);
        let mut roles = family.roles.iter();
        let mut cut = false;
        for role in roles.by_ref() {
            let block = role_block(role);
            if out.len() + block.len() + closing.len() > budget {
                cut = true;
                break;
            }
            out.push_str(&block);
            shown_roles += 1;
        }
        out.push_str(closing);
        if cut {
            let roles_left = total_roles - shown_roles;
            truncated(out, diff.families.len() - index - 1, roles_left);
            return;
        }
        if family.roles.is_empty() {
            shown_roles += 1;
        }
    }
}

/// The closing line when not everything fits.
fn truncated(out: &mut String, families_left: usize, roles_left: usize) {
    let _ = writeln!(
        out,
        "**Truncated:** {} more role entries ({} more families) are not shown, to keep this \
         comment under 60,000 characters. Run `jobframe diff` locally, or see the \
         `--format json` output, for every change.",
        roles_left, families_left
    );
}

fn family_opening(family: &FamilyChange) -> String {
    let mut notes = vec![status_word(family.status).to_string()];
    if let Some(rename) = &family.renamed_from {
        notes.push(escape(&rename_note(rename)));
    }
    notes.push(family_size(family));
    let mut opening = format!(
        "<details><summary><b>{}</b> ({}): {}</summary>\n\n",
        escape(&family.name),
        escape(&family.code),
        notes.join("; ")
    );
    for field in &family.fields {
        opening.push_str(&field_item(0, field));
    }
    opening
}

fn role_block(role: &RoleChange) -> String {
    let mut notes = vec![status_word(role.status).to_string()];
    if let Some(rename) = &role.renamed_from {
        notes.push(escape(&rename_note(rename)));
    }
    if let Some(from) = &role.moved_from {
        notes.push(format!(
            "moved from {} ({})",
            escape(&from.name),
            code(&from.code)
        ));
    }
    let mut block = format!(
        "- **{}** ({}): {}\n",
        escape(&role.name),
        code(&role.code),
        notes.join("; ")
    );
    for field in &role.fields {
        block.push_str(&field_item(1, field));
    }
    if role.status != Status::Changed {
        let levels: Vec<String> = role.profiles.iter().map(|p| code(&p.id)).collect();
        let _ = writeln!(block, "  - Profiles: {}", levels.join(", "));
        return block;
    }
    for profile in &role.profiles {
        block.push_str(&profile_item(profile));
    }
    block
}

fn profile_item(profile: &ProfileChange) -> String {
    let was = profile
        .before_id
        .as_ref()
        .map(|id| format!(", was {}", code(id)))
        .unwrap_or_default();
    let mut item = format!(
        "  - {} {}: {}{was}\n",
        code(&profile.id),
        escape(&profile.title),
        status_word(profile.status)
    );
    for field in &profile.fields {
        item.push_str(&field_item(2, field));
    }
    for list in &profile.lists {
        item.push_str(&list_item(2, list, usize::MAX));
    }
    item
}

/// A list as an item at `depth` (0 for a top-level `- `), its lines one deeper; at most
/// `most` lines, then how many more.
fn list_item(depth: usize, list: &ListDiff, most: usize) -> String {
    let note = match list.reorder() {
        Some(ListOrder::Only) => " reordered, no line changed",
        Some(ListOrder::AlsoLines) => " (also reordered)",
        None => "",
    };
    let (label, lines) = ("  ".repeat(depth), "  ".repeat(depth + 1));
    let mut item = format!("{label}- {}:{note}\n", escape(&list.label));
    let added = list
        .added
        .iter()
        .map(|line| format!("added: <ins>{}</ins>", escape(line)));
    let removed = list
        .removed
        .iter()
        .map(|line| format!("removed: <del>{}</del>", escape(line)));
    let reworded = list
        .reworded
        .iter()
        .map(|line| format!("reworded: {}", words(&line.words)));
    let all: Vec<String> = added.chain(removed).chain(reworded).collect();
    for line in all.iter().take(most) {
        let _ = writeln!(item, "{lines}- {line}");
    }
    if all.len() > most {
        let _ = writeln!(
            item,
            "{lines}- … and {} more (`jobframe diff` lists them all)",
            all.len() - most
        );
    }
    item
}

/// Changed blocks of text listed per guide page at most; `jobframe diff` lists them all.
const GUIDE_LINES_SHOWN: usize = 20;

fn write_guides(out: &mut String, diff: &CanonDiff) {
    if diff.guides.is_empty() {
        return;
    }
    out.push_str("#### Guide pages\n\n");
    for guide in &diff.guides {
        let _ = writeln!(
            out,
            "- {} {}: {}",
            code(&format!("pages/{}.md", guide.path)),
            escape(&guide.title),
            status_word(guide.status)
        );
        for field in &guide.fields {
            out.push_str(&field_item(1, field));
        }
        if let Some(text) = &guide.text {
            out.push_str(&list_item(1, text, GUIDE_LINES_SHOWN));
        }
    }
    out.push('\n');
}
