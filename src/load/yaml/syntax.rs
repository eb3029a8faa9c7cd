//! YAML syntax errors in an editor's words: the parser's message read together with the lines
//! around it, to name the likely mistake (a tab, a line out of step, a missing `: `, a quote
//! never closed, a stray line) and point at the line that has it. Plain text analysis, no parser.

use crate::diagnostics::{Code, Position};
use crate::load::shape::{is_canon_key, looks_like_level_code};

/// A syntax error as the editor should read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub code: Code,
    pub position: Position,
    pub message: String,
}

/// Names the mistake behind the parser's `message` at `position`, when the lines say what it is;
/// `None` leaves the parser's own words.
pub fn explain(source: &str, message: &str, position: Option<Position>) -> Option<Explained> {
    let lines: Vec<&str> = source.lines().collect();
    let line = position.map_or(lines.len(), |p| p.line);
    tab(&lines, line)
        .or_else(|| second_document(&lines, message))
        .or_else(|| unclosed_quote(&lines, message))
        .or_else(|| unclosed_bracket(&lines, message))
        .or_else(|| missing_colon(&lines, line))
        .or_else(|| colon_in_text(&lines, message, position))
        .or_else(|| reserved_start(&lines, message, position))
        .or_else(|| out_of_step(&lines, message, line))
        .or_else(|| stray_line(&lines, message))
}

/// For a role file with no `levels`: the first line that reads like the start of a profile (a
/// level code and `:` alone, with more-indented lines under it). With the `levels:` line deleted,
/// YAML takes such lines as more text of a block value above them (`description: >-`), so the
/// file parses and only `levels` is missing. Returns the line's position and the code.
pub fn profile_read_as_text(source: &str) -> Option<(Position, &str)> {
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().find_map(|(number, line)| {
        let column = indent(line)?;
        let code = line
            .trim()
            .strip_suffix(':')
            .filter(|code| looks_like_level_code(code))?;
        let under = lines[number + 1..].iter().find_map(|next| indent(next))?;
        (under > column).then_some((
            Position {
                line: number + 1,
                column: column + 1,
            },
            code,
        ))
    })
}

/// The leading spaces of `line`, or `None` for a blank or comment line.
fn indent(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(' ');
    (!body.trim().is_empty() && !body.starts_with('#')).then(|| line.len() - body.len())
}

/// A tab in the indentation of any line up to the error: YAML indents with spaces only.
fn tab(lines: &[&str], up_to: usize) -> Option<Explained> {
    let (number, text) = lines
        .iter()
        .enumerate()
        .take(up_to.max(1))
        .find(|(_, text)| {
            let lead: String = text.chars().take_while(|c| c.is_whitespace()).collect();
            lead.contains('\t') && !text.trim().is_empty()
        })?;
    let column = text.chars().position(|c| c == '\t').unwrap_or(0) + 1;
    Some(Explained {
        code: Code::TabIndentation,
        position: Position {
            line: number + 1,
            column,
        },
        message: "a tab character indents this line; YAML indents with spaces only: replace the \
                  tab with spaces (and set your editor to insert spaces for Tab)"
            .to_string(),
    })
}

/// The first few words of `text`, for quoting a line in a message.
fn short(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A `---` line that starts a second document.
fn second_document(lines: &[&str], message: &str) -> Option<Explained> {
    if !message.contains("more than one document") {
        return None;
    }
    let content = lines
        .iter()
        .position(|line| indent(line).is_some() && line.trim() != "---")?;
    let at = lines
        .iter()
        .enumerate()
        .skip(content)
        .find(|(_, line)| line.trim_end() == "---" || line.starts_with("--- "))
        .map(|(number, _)| number + 1)?;
    Some(Explained {
        code: Code::MultipleDocuments,
        position: Position {
            line: at,
            column: 1,
        },
        message: "a second YAML document starts here (`---`); a canon file holds one mapping: \
                  remove the `---` line"
            .to_string(),
    })
}

/// `… while scanning a quoted scalar at line L column C`: the quote opened at L:C never closes.
fn unclosed_quote(lines: &[&str], message: &str) -> Option<Explained> {
    let rest = message
        .split_once("while scanning a quoted scalar at line ")?
        .1;
    let (line, column) = line_and_column(rest)?;
    let quote = lines
        .get(line - 1)
        .and_then(|text| text.chars().nth(column - 1))
        .filter(|c| *c == '"' || *c == '\'')
        .unwrap_or('"');
    Some(Explained {
        code: Code::UnclosedQuote,
        position: Position { line, column },
        message: format!(
            "the quote opened here is never closed, so the rest of the file is read as its \
             text: add the closing `{quote}` at the end of the text"
        ),
    })
}

/// `… while parsing a flow sequence (or mapping) at line L column C`: the `[` (or `{`) opened at
/// L:C is never closed.
fn unclosed_bracket(lines: &[&str], message: &str) -> Option<Explained> {
    let (rest, close) = match message.split_once("while parsing a flow sequence at line ") {
        Some((_, rest)) => (rest, ']'),
        None => (
            message
                .split_once("while parsing a flow mapping at line ")?
                .1,
            '}',
        ),
    };
    let (line, column) = line_and_column(rest)?;
    lines.get(line - 1)?;
    let open = if close == ']' { '[' } else { '{' };
    Some(Explained {
        code: Code::UnclosedBracket,
        position: Position { line, column },
        message: format!(
            "the `{open}` opened here is never closed (or an item in it is not followed by `,`): \
             add the closing `{close}` after the last item"
        ),
    })
}

/// `L column C` at the start of `text`.
fn line_and_column(text: &str) -> Option<(usize, usize)> {
    let (line, rest) = text.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// A line near the error that starts with a canon key but lacks `: ` after it.
fn missing_colon(lines: &[&str], at: usize) -> Option<Explained> {
    let first = at.saturating_sub(3).max(1);
    for number in (first..=at.min(lines.len())).rev() {
        let text = lines[number - 1];
        let body = text.trim_start();
        let column = text.len() - body.len() + 1;
        let word: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !is_canon_key(&word) {
            continue;
        }
        let after = &body[word.len()..];
        let shown = short(body);
        if let Some(value) = after.strip_prefix(':')
            && value.starts_with('\u{a0}')
        {
            return Some(Explained {
                code: Code::MissingColon,
                position: Position {
                    line: number,
                    column: column + word.len() + 1,
                },
                message: format!(
                    "the character after `{word}:` is a no-break space (U+00A0, often pasted from \
                     a word processor), which YAML does not read as a space: retype it as an \
                     ordinary space"
                ),
            });
        }
        let after_key = Position {
            line: number,
            column: column + word.len(),
        };
        let missing = |message: String| Explained {
            code: Code::MissingColon,
            position: after_key,
            message,
        };
        if let Some(value) = after.strip_prefix(':')
            && !value.is_empty()
            && !value.starts_with([' ', '\t'])
        {
            return Some(missing(format!(
                "`{shown}` has no space after its `:`, so YAML reads it all as text: write \
                 `{word}: {}`",
                short(value)
            )));
        }
        if after.starts_with(' ') && !after.contains(':') {
            return Some(missing(format!(
                "`{shown}` has no `:` after its key `{word}`: write `{word}: {}`",
                short(after.trim())
            )));
        }
    }
    None
}

/// `key: some text: more text` on one line: the second `: ` starts a mapping YAML cannot have.
fn colon_in_text(lines: &[&str], message: &str, at: Option<Position>) -> Option<Explained> {
    if !message.contains("mapping values are not allowed") {
        return None;
    }
    let at = at?;
    let text = lines.get(at.line - 1)?;
    let body = text.trim_start();
    let (key, value) = body.strip_prefix("- ").unwrap_or(body).split_once(": ")?;
    if key.contains(' ') || !value.contains(": ") || value.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    Some(Explained {
        code: Code::ColonInText,
        position: at,
        message: format!(
            "the text of `{key}` contains `: `, which YAML reads as the start of another key: put \
             the whole text in double quotes (`{key}: \"…\"`)"
        ),
    })
}

/// An unquoted text that starts with a character YAML reserves (`*`, `&`, `!`, `@`, `` ` ``),
/// or a quoted part followed by more text.
fn reserved_start(lines: &[&str], message: &str, at: Option<Position>) -> Option<Explained> {
    let at = at?;
    let reserved = message.contains("while scanning an alias")
        || message.contains("while scanning an anchor")
        || message.contains("cannot start any token")
        || message.contains("did not find expected '-' indicator")
        || message.contains("did not find expected key");
    if !reserved {
        return None;
    }
    for number in [at.line, at.line.saturating_sub(1)] {
        let Some(text) = number.checked_sub(1).and_then(|n| lines.get(n)) else {
            continue;
        };
        let body = text.trim_start();
        let value = match body.strip_prefix("- ") {
            Some(item) => item.split_once(": ").map_or(item, |(_, value)| value),
            None => body.split_once(": ").map(|(_, value)| value)?,
        };
        // The value's column counts characters, as every position does.
        let column = text[..text.len() - value.len()].chars().count() + 1;
        let explained = |message| {
            Some(Explained {
                code: Code::ReservedStart,
                position: Position {
                    line: number,
                    column,
                },
                message,
            })
        };
        // `"quoted part" and more`: the end of the quoted part, when text follows it.
        let quoted_part = value
            .strip_prefix('"')
            .and_then(|rest| rest.find('"'))
            .map(|close| close + 2)
            .filter(|&end| !value[end..].trim().is_empty());
        if let Some(end) = quoted_part {
            return explained(format!(
                "this text starts with a quoted part (`{}`) and goes on after the closing quote, \
                 which YAML does not allow: put the whole text in single quotes (`'{}'`) or \
                 leave the quotes out",
                short(&value[..end]),
                short(value)
            ));
        }
        if value.starts_with(['*', '&', '!', '@', '`']) {
            return explained(format!(
                "a text that starts with `{}` must be quoted: YAML reads that character as \
                 syntax, not text: put the whole text in double quotes, escaping any `\"` inside \
                 it as `\\\"`",
                value.chars().next().unwrap_or('"')
            ));
        }
    }
    None
}

/// A line indented differently from the lines it stands with: of two neighbouring lines of the
/// same kind (keys, or list items) a few spaces apart, the one whose indentation is rarer in the
/// file is the one out of step.
fn out_of_step(lines: &[&str], message: &str, at: usize) -> Option<Explained> {
    let structural = message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
        || message.contains("did not find expected '-' indicator");
    if !structural {
        return None;
    }
    let kind = |text: &str| text.trim_start().starts_with("- ");
    let count = |width: usize| lines.iter().filter(|l| indent(l) == Some(width)).count();
    let first = at.saturating_sub(4).max(1);
    for number in (first..=at.min(lines.len())).rev() {
        let text = lines[number - 1];
        let Some(width) = indent(text) else { continue };
        let previous = (1..number).rev().find(|n| indent(lines[n - 1]).is_some())?;
        let above = lines[previous - 1];
        let above_width = indent(above)?;
        let apart = width.abs_diff(above_width);
        if apart == 0
            || apart > 3
            || kind(text) != kind(above)
            || above.trim_end().ends_with(':') && !kind(text)
        {
            continue;
        }
        let (odd, odd_width, other, other_width) = if count(width) <= count(above_width) {
            (number, width, previous, above_width)
        } else {
            (previous, above_width, number, width)
        };
        return Some(Explained {
            code: Code::BadIndentation,
            position: Position {
                line: odd,
                column: 1,
            },
            message: format!(
                "this line is indented {odd_width} spaces, but the other lines of its block (line \
                 {other}) are indented {other_width}: line it up with them"
            ),
        });
    }
    None
}

/// `could not find expected ':', while scanning a simple key at line L column C`: line L is
/// neither a key nor a list item.
fn stray_line(lines: &[&str], message: &str) -> Option<Explained> {
    let rest = message
        .split_once("while scanning a simple key at line ")?
        .1;
    let (line, column) = line_and_column(rest)?;
    lines.get(line - 1)?;
    Some(Explained {
        code: Code::StrayText,
        position: Position { line, column },
        message: "this line is neither a key (`key: value`) nor a list item (`- …`): remove it, \
                  or finish it"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let source = "code: X\nlevels:\n  P3:\n\tsummary: x\n";
        let found = explain(
            source,
            "found character that cannot start any token",
            at(4, 1),
        );
        assert_eq!(
            found.map(|e| (e.code, e.position)),
            Some((Code::TabIndentation, Position { line: 4, column: 1 }))
        );
    }

    #[test]
    fn a_key_without_its_colon_or_its_space_is_named() {
        let missing = explain(
            "code: X\nsummary The plan\nname: y\n",
            "mapping values are not allowed in this context",
            at(3, 5),
        )
        .unwrap();
        assert_eq!(
            (missing.code, missing.position.line),
            (Code::MissingColon, 2)
        );
        assert!(
            missing.message.contains("write `summary: The plan`"),
            "{}",
            missing.message
        );
        let no_space = explain(
            "code: X\nsummary:Plans it\nname: y\n",
            "mapping values are not allowed in this context",
            at(3, 5),
        )
        .unwrap();
        assert!(
            no_space.message.contains("has no space after its `:`"),
            "{}",
            no_space.message
        );
    }

    #[test]
    fn a_reserved_first_character_is_found_at_its_character_column() {
        let source = "items:\n  - Rôle: *lead*\n";
        let found = explain(
            source,
            "did not find expected alphabetic or numeric character, while scanning an alias",
            at(2, 12),
        )
        .unwrap();
        assert_eq!(
            (found.code, found.position),
            (
                Code::ReservedStart,
                Position {
                    line: 2,
                    column: 11
                }
            )
        );
    }

    #[test]
    fn an_unclosed_quote_points_at_where_it_opened() {
        let found = explain(
            "a: \"open\nb: c\n",
            "found unexpected end of stream, while scanning a quoted scalar at line 1 column 4",
            at(3, 1),
        )
        .unwrap();
        assert_eq!(
            (found.code, found.position),
            (Code::UnclosedQuote, Position { line: 1, column: 4 })
        );
    }

    #[test]
    fn the_odd_indentation_is_blamed_not_its_neighbour() {
        let source =
            "levels:\n  P2:\n    summary: a\n    title: b\n  P3:\n     summary: c\n    title: d\n";
        let found = explain(source, "did not find expected key", at(7, 5)).unwrap();
        assert_eq!((found.code, found.position.line), (Code::BadIndentation, 6));
        assert!(
            found.message.contains("indented 5 spaces"),
            "{}",
            found.message
        );
    }
}
