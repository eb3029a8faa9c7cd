//! The terminal report: one line per change, indented by family, role and profile; coloured
//! when asked to, else word changes marked `[-deleted-]{+inserted+}` as `git diff --word-diff`.

use std::fmt::Write;

use anstyle::{AnsiColor, Effects, Style};

use super::{family_size, pay_heading, range_line, rename_note, summary, title};
use crate::changes::{
    CanonDiff, EntryChange, FamilyChange, FieldChange, ListDiff, ListOrder, ProfileChange,
    RoleChange, Status,
};
use crate::progression::{Change, WordRun};

/// Colours, or none.
struct Paint {
    added: Style,
    removed: Style,
    changed: Style,
    heading: Style,
    dim: Style,
    color: bool,
}

impl Paint {
    fn new(color: bool) -> Paint {
        let style = |s: Style| if color { s } else { Style::new() };
        Paint {
            added: style(AnsiColor::Green.on_default()),
            removed: style(AnsiColor::Red.on_default()),
            changed: style(AnsiColor::Yellow.on_default()),
            heading: style(Style::new().bold()),
            dim: style(Style::new().dimmed()),
            color,
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        format!("{style}{text}{style:#}")
    }

    /// `+`, `-` or `~`, coloured by status.
    fn mark(&self, status: Status) -> String {
        match status {
            Status::Added => self.paint(self.added, "+"),
            Status::Removed => self.paint(self.removed, "-"),
            Status::Changed => self.paint(self.changed, "~"),
        }
    }

    fn words(&self, runs: &[WordRun]) -> String {
        runs.iter()
            .map(|run| match (run.change, self.color) {
                (Change::Same, _) => run.text.clone(),
                (Change::Deleted, true) => {
                    self.paint(self.removed.effects(Effects::STRIKETHROUGH), &run.text)
                }
                (Change::Inserted, true) => {
                    self.paint(self.added.effects(Effects::UNDERLINE), &run.text)
                }
                (Change::Deleted, false) => format!("[-{}-]", run.text),
                (Change::Inserted, false) => format!("{{+{}+}}", run.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The whole report, ending in a newline.
pub fn human(diff: &CanonDiff, color: bool) -> String {
    let paint = Paint::new(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint.paint(paint.heading, &format!("Canon changes: {}", title(diff)))
    );
    if diff.is_empty() {
        let _ = writeln!(out, "No differences.");
        return out;
    }
    if !diff.settings.is_empty() {
        section(&mut out, &paint, "Settings");
        for field in &diff.settings {
            write_field(&mut out, &paint, 1, field);
        }
    }
    write_ladder(&mut out, &paint, diff);
    write_pay(&mut out, &paint, diff);
    if !diff.families.is_empty() {
        section(&mut out, &paint, "Families");
        for family in &diff.families {
            write_family(&mut out, &paint, family);
        }
    }
    write_guides(&mut out, &paint, diff);
    write_pages(&mut out, &paint, diff);
    let _ = writeln!(out, "\n{}", summary(diff));
    out
}

fn section(out: &mut String, paint: &Paint, title: &str) {
    let _ = writeln!(out, "\n{}", paint.paint(paint.heading, title));
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn write_field(out: &mut String, paint: &Paint, depth: usize, field: &FieldChange) {
    let _ = writeln!(
        out,
        "{}{}: {}",
        indent(depth),
        field.label,
        paint.words(&field.words)
    );
}

fn write_ladder(out: &mut String, paint: &Paint, diff: &CanonDiff) {
    let entries = [("track", &diff.tracks), ("level", &diff.levels)];
    let orders = [
        ("tracks", &diff.tracks_reordered),
        ("levels", &diff.levels_reordered),
    ];
    let any = entries.iter().any(|(_, e)| !e.is_empty()) || orders.iter().any(|(_, o)| o.is_some());
    if !any {
        return;
    }
    section(out, paint, "Ladder");
    for (noun, list) in entries {
        for entry in list.iter() {
            write_entry(out, paint, noun, entry);
        }
    }
    for (noun, order) in orders {
        if let Some(order) = order {
            let _ = writeln!(
                out,
                "  {} {noun} reordered: {} → {}",
                paint.mark(Status::Changed),
                order.before.join(" "),
                order.after.join(" ")
            );
        }
    }
}

fn write_pay(out: &mut String, paint: &Paint, diff: &CanonDiff) {
    let Some(pay) = &diff.pay else {
        return;
    };
    section(out, paint, "Pay ranges");
    let _ = writeln!(out, "  {} {}", paint.mark(pay.status), pay_heading(pay));
    for field in &pay.fields {
        write_field(out, paint, 2, field);
    }
    for zone in &pay.zones {
        let _ = writeln!(
            out,
            "  {} zone {} {}",
            paint.mark(zone.status),
            zone.code,
            zone.name
        );
        for field in &zone.fields {
            write_field(out, paint, 3, field);
        }
    }
    for range in &pay.ranges {
        let _ = writeln!(out, "  {} {}", paint.mark(range.status), range_line(range));
    }
}

fn write_entry(out: &mut String, paint: &Paint, noun: &str, entry: &EntryChange) {
    let renamed = entry
        .renamed_from
        .as_ref()
        .map(|r| format!(" ({})", rename_note(r)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} {noun} {} {}{renamed}",
        paint.mark(entry.status),
        entry.code,
        entry.name
    );
    for field in &entry.fields {
        write_field(out, paint, 3, field);
    }
}

fn write_family(out: &mut String, paint: &Paint, family: &FamilyChange) {
    let mut notes = Vec::new();
    if let Some(rename) = &family.renamed_from {
        notes.push(rename_note(rename));
    }
    if family.status != Status::Changed {
        notes.push(family_size(family));
    }
    let _ = writeln!(
        out,
        "{} family {} {}{}",
        paint.mark(family.status),
        family.code,
        family.name,
        parenthesised(&notes)
    );
    for field in &family.fields {
        write_field(out, paint, 2, field);
    }
    for role in &family.roles {
        write_role(out, paint, role);
    }
}

fn parenthesised(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

fn write_role(out: &mut String, paint: &Paint, role: &RoleChange) {
    let mut notes = Vec::new();
    if let Some(rename) = &role.renamed_from {
        notes.push(rename_note(rename));
    }
    if let Some(from) = &role.moved_from {
        notes.push(format!("moved from family {} {}", from.code, from.name));
    }
    if role.status != Status::Changed {
        let levels: Vec<&str> = role.profiles.iter().map(|p| p.level.as_str()).collect();
        notes.push(format!("levels {}", levels.join(" ")));
    }
    let _ = writeln!(
        out,
        "  {} role {} {}{}",
        paint.mark(role.status),
        role.code,
        role.name,
        parenthesised(&notes)
    );
    for field in &role.fields {
        write_field(out, paint, 3, field);
    }
    // A role added or removed whole lists its levels above, not each profile.
    if role.status == Status::Changed {
        for profile in &role.profiles {
            write_profile(out, paint, profile);
        }
    }
}

fn write_profile(out: &mut String, paint: &Paint, profile: &ProfileChange) {
    let was = profile
        .before_id
        .as_ref()
        .map(|id| format!(" (was {id})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "    {} {} {}{was}",
        paint.mark(profile.status),
        profile.id,
        paint.paint(paint.dim, &profile.title)
    );
    for field in &profile.fields {
        write_field(out, paint, 4, field);
    }
    for list in &profile.lists {
        write_list(out, paint, 4, list);
    }
}

/// A list's label at `depth`, its lines one deeper.
fn write_list(out: &mut String, paint: &Paint, depth: usize, list: &ListDiff) {
    let reordered = match list.reorder() {
        Some(ListOrder::Only) => " reordered",
        Some(ListOrder::AlsoLines) => " (also reordered)",
        None => "",
    };
    let (label, lines) = (indent(depth), indent(depth + 1));
    let _ = writeln!(out, "{label}{}:{reordered}", list.label);
    for line in &list.added {
        let _ = writeln!(out, "{lines}{} {line}", paint.mark(Status::Added));
    }
    for line in &list.removed {
        let _ = writeln!(out, "{lines}{} {line}", paint.mark(Status::Removed));
    }
    for line in &list.reworded {
        let _ = writeln!(
            out,
            "{lines}{} {}",
            paint.mark(Status::Changed),
            paint.words(&line.words)
        );
    }
}

fn write_guides(out: &mut String, paint: &Paint, diff: &CanonDiff) {
    if diff.guides.is_empty() {
        return;
    }
    section(out, paint, "Guide pages");
    for guide in &diff.guides {
        let _ = writeln!(
            out,
            "  {} {}/ {}",
            paint.mark(guide.status),
            guide.path,
            paint.paint(paint.dim, &guide.title)
        );
        for field in &guide.fields {
            write_field(out, paint, 3, field);
        }
        if let Some(text) = &guide.text {
            write_list(out, paint, 3, text);
        }
    }
}

fn write_pages(out: &mut String, paint: &Paint, diff: &CanonDiff) {
    let pages = &diff.consequences;
    section(out, paint, "Pages");
    let _ = writeln!(out, "  {}", super::pages_sentence(diff));
    if pages.frames.is_empty() {
        return;
    }
    let _ = writeln!(out, "  Goal frames:");
    for frame in &pages.frames {
        for change in &frame.changes {
            let _ = writeln!(out, "    {}: {change}", frame.id);
        }
    }
}
