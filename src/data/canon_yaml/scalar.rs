//! One text as a YAML scalar in block context: plain (wrapped when long), literal block or
//! double-quoted, whichever the loader reads back as exactly the same text.

use std::fmt::Write;

use yaml_serde::Value;

use crate::load::yaml;

/// Lines longer than this many characters, indentation included, are wrapped when the text
/// allows it.
const WIDTH: usize = 100;

/// Where a scalar stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot<'a> {
    /// The value of this key in a block mapping whose keys start at the indentation.
    Value(&'a str),
    /// An item of a block sequence whose `-` stands at the indentation.
    Item,
}

impl Slot<'_> {
    /// What precedes the scalar on its first line: `key: ` or `- `.
    fn lead(self) -> String {
        match self {
            Slot::Value(key) => format!("{key}: "),
            Slot::Item => "- ".to_string(),
        }
    }
}

/// `text` in `slot`, `indent` columns in: the entry's lines, each ending in a line break. The
/// first of plain, plain wrapped at spaces and literal block that reads back as `text`, else
/// double-quoted.
pub fn entry(indent: usize, slot: Slot, text: &str) -> String {
    candidates(indent, slot, text)
        .into_iter()
        .find(|candidate| reads_back(candidate, slot, text))
        .unwrap_or_else(|| quoted_entry(indent, slot, text))
}

/// `text` in `slot`, double-quoted whatever it holds.
pub fn quoted_entry(indent: usize, slot: Slot, text: &str) -> String {
    format!("{}{}{}\n", " ".repeat(indent), slot.lead(), quote(text))
}

/// A mapping key as written before its `:`: plain when it reads back as itself, else quoted.
pub fn key(key: &str) -> String {
    let plain = !key.contains('\n')
        && !key.chars().any(needs_escape)
        && !typed_in_yaml_1_1(key)
        && matches!(yaml::parse::<Value>(&format!("{key}: x\n")),
            Ok(Value::Mapping(map)) if map.len() == 1 && map.contains_key(key));
    if plain { key.to_string() } else { quote(key) }
}

/// The ways `text` might be written without quotes, most readable first.
fn candidates(indent: usize, slot: Slot, text: &str) -> Vec<String> {
    if text.chars().any(needs_escape) {
        return Vec::new();
    }
    if text.contains('\n') {
        return vec![literal(indent, slot, text)];
    }
    if typed_in_yaml_1_1(text) {
        return Vec::new();
    }
    let plain = format!("{}{}{text}\n", " ".repeat(indent), slot.lead());
    wrapped(indent, slot, text)
        .into_iter()
        .chain([plain])
        .collect()
}

/// Plain texts the loader reads as text but YAML 1.1 readers (some editors and scripts) take
/// for a boolean or a date: quoted, so that every reader agrees.
fn typed_in_yaml_1_1(text: &str) -> bool {
    const BOOLEANS: [&str; 16] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    let date = text.len() == 10
        && text.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    date || BOOLEANS.contains(&text)
}

/// Whether the loader reads `entry`, alone in a document, as `text` in `slot`.
fn reads_back(entry: &str, slot: Slot, text: &str) -> bool {
    let read = match (slot, yaml::parse::<Value>(entry)) {
        (Slot::Value(key), Ok(Value::Mapping(map))) if map.len() == 1 => map.get(key).cloned(),
        (Slot::Item, Ok(Value::Sequence(items))) if items.len() == 1 => items.into_iter().next(),
        _ => None,
    };
    matches!(read, Some(Value::String(read)) if read == text)
}

/// A long one-line text as a plain scalar over several lines, broken at single spaces before
/// words that start with an ASCII letter or digit (YAML reads each break as one space). `None`
/// when the text fits on one line or its spacing would not survive the folding.
fn wrapped(indent: usize, slot: Slot, text: &str) -> Option<String> {
    let lead = slot.lead();
    let mut column = indent + lead.chars().count();
    if column + text.chars().count() <= WIDTH || text.contains("  ") || text.contains('\t') {
        return None;
    }
    let continuation = indent + 2;
    let mut out = format!("{}{lead}", " ".repeat(indent));
    let mut words = text.split(' ');
    let first = words.next().unwrap_or_default();
    out.push_str(first);
    column += first.chars().count();
    let mut broken = false;
    for word in words {
        let width = word.chars().count();
        let breakable = word.starts_with(|c: char| c.is_ascii_alphanumeric());
        if breakable && column + 1 + width > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(continuation));
            column = continuation + width;
            broken = true;
        } else {
            out.push(' ');
            column += 1 + width;
        }
        out.push_str(word);
    }
    out.push('\n');
    broken.then_some(out)
}

/// A text with line breaks as a literal block (`|`), chomping set by its final line breaks and
/// with an indentation indicator when its first line starts with white space.
fn literal(indent: usize, slot: Slot, text: &str) -> String {
    let body = text.trim_end_matches('\n');
    let (chomp, lines) = match text.len() - body.len() {
        0 => ("-", text),
        1 => ("", body),
        _ => ("+", &text[..text.len() - 1]),
    };
    let first = lines.split('\n').find(|line| !line.is_empty());
    let indicator = match first {
        Some(line) if line.starts_with([' ', '\t']) => "2",
        _ => "",
    };
    let pad = " ".repeat(indent + 2);
    let mut out = format!("{}{}|{indicator}{chomp}\n", " ".repeat(indent), slot.lead());
    for line in lines.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Characters a YAML document may not hold as they are (C0 controls but tab and line feed,
/// DEL, C1 controls, U+FFFE, U+FFFF), or that YAML 1.1 readers take for a line break (NEL,
/// U+2028, U+2029), or that is invisible and skipped at the start of a line (the byte-order mark).
fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}'
            | '\u{b}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// `text` as a one-line double-quoted scalar, with YAML's escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) && u32::from(c) <= 0xff => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> String {
        entry(4, Slot::Value("summary"), text)
    }

    fn item(text: &str) -> String {
        entry(6, Slot::Item, text)
    }

    /// The scalar as written after `summary: `, its lines joined.
    fn written(text: &str) -> String {
        let entry = value(text);
        assert!(reads_back(&entry, Slot::Value("summary"), text), "{entry}");
        assert!(reads_back(&item(text), Slot::Item, text), "{}", item(text));
        entry
            .strip_prefix("    summary: ")
            .expect("the key")
            .to_string()
    }

    #[test]
    fn plain_when_it_reads_back_as_the_same_text() {
        for text in [
            "Plans stock",
            "a-b",
            "key:value",
            "a#b, not a comment",
            "50% of it",
            "e-mail@example.com",
            "it's",
            "say \"hi\"",
            "https://intranet.example.com/careers/",
            "P4",
            "8–12",
            "😀 emoji 𝄞",
            "a\tb",
            "x|y",
            "tab\tin the middle",
        ] {
            assert_eq!(written(text), format!("{text}\n"), "{text:?}");
        }
    }

    #[test]
    fn quoted_when_plain_would_change_the_text_or_its_type() {
        for text in [
            " leading",
            "trailing ",
            "a: b",
            "a #b",
            "- dash",
            "-",
            "? question",
            "?",
            "*star",
            "&anchor",
            "!tag",
            "|pipe",
            ">fold",
            "'quoted'",
            "\"quoted\"",
            "%percent",
            "@at",
            "`backtick",
            "true",
            "True",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "null",
            "Null",
            "~",
            "1e3",
            "0x10",
            "0o17",
            ".inf",
            "-.inf",
            ".nan",
            "1.0",
            "2026.4",
            "12",
            "-3",
            "2026-10-01",
            "Y",
            "n",
            "#hash",
            "{brace",
            "[bracket",
            "]",
            "}",
            ",comma",
            "",
            "a,b: c",
        ] {
            let out = written(text);
            assert!(
                out.starts_with('"') && out.ends_with("\"\n"),
                "{text:?} → {out}"
            );
        }
    }

    #[test]
    fn quotes_with_escapes() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(written("a\rb"), "\"a\\rb\"\n");
        assert_eq!(written("\t"), "\"\\t\"\n");
        assert_eq!(written("a\u{85}b"), "\"a\\Nb\"\n");
        assert_eq!(written("a\u{2028}b\u{2029}"), "\"a\\Lb\\P\"\n");
        assert_eq!(
            written("\u{0}\u{1}\u{7f}\u{9f}"),
            "\"\\0\\x01\\x7F\\x9F\"\n"
        );
        assert_eq!(
            written("\u{feff}x\u{fffe}\u{ffff}"),
            "\"\\uFEFFx\\uFFFE\\uFFFF\"\n"
        );
        assert_eq!(written("line\nbreak\r\n"), "\"line\\nbreak\\r\\n\"\n");
        assert_eq!(written("😀 "), "\"😀 \"\n");
    }

    #[test]
    fn every_character_reads_back_quoted() {
        let all: String = (0..=0x2100u32)
            .chain([0xfeff, 0xfffd, 0xfffe, 0xffff, 0x1f600, 0x10ffff])
            .filter_map(char::from_u32)
            .collect();
        for chunk in all.chars().collect::<Vec<_>>().chunks(64) {
            let text: String = chunk.iter().collect();
            let entry = quoted_entry(0, Slot::Value("k"), &text);
            assert!(reads_back(&entry, Slot::Value("k"), &text), "{entry}");
        }
    }

    #[test]
    fn line_breaks_make_literal_blocks_with_the_right_chomping() {
        assert_eq!(written("one\ntwo"), "|-\n      one\n      two\n");
        assert_eq!(written("one\ntwo\n"), "|\n      one\n      two\n");
        assert_eq!(
            written("one\n\ntwo\n\n\n"),
            "|+\n      one\n\n      two\n\n\n"
        );
        assert_eq!(written("a\n"), "|\n      a\n");
        assert_eq!(
            written("trailing \nspaces  \n"),
            "|\n      trailing \n      spaces  \n"
        );
        assert_eq!(
            written("- not a list\n# not a comment\nkey: value"),
            "|-\n      - not a list\n      # not a comment\n      key: value\n"
        );
    }

    #[test]
    fn an_indented_first_line_gets_an_indentation_indicator() {
        assert_eq!(written("  code\nmore"), "|2-\n        code\n      more\n");
        assert_eq!(
            written("\n  after a blank\n"),
            "|2\n\n        after a blank\n"
        );
        assert_eq!(
            item("  code\nmore"),
            "      - |2-\n          code\n        more\n"
        );
    }

    #[test]
    fn literal_blocks_only_where_they_read_back() {
        for (text, expected) in [
            ("\n", "\"\\n\"\n"),
            ("a\r\nb", "\"a\\r\\nb\"\n"),
            ("nel\u{85}in\nblock", "\"nel\\Nin\\nblock\"\n"),
            ("\n\n", "|+\n\n\n"),
            ("\nleading break", "|-\n\n      leading break\n"),
            (
                "tab\n\tat a line start",
                "|-\n      tab\n      \tat a line start\n",
            ),
            ("\ttab first\nline", "|2-\n      \ttab first\n      line\n"),
            (" \n", "|2\n       \n"),
        ] {
            assert_eq!(written(text), expected, "{text:?}");
        }
    }

    #[test]
    fn long_lines_wrap_at_spaces_before_letters_and_digits() {
        let text = "word ".repeat(40) + "end";
        let out = value(&text);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(
            lines.iter().all(|line| line.chars().count() <= WIDTH),
            "{out}"
        );
        assert!(lines[1..].iter().all(|line| line.starts_with("      word")));
        assert!(reads_back(&out, Slot::Value("summary"), &text));
        let long_item = item(&text);
        assert!(
            long_item
                .lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("        word"))
        );
    }

    #[test]
    fn long_lines_keep_double_spaces_and_break_only_before_alphanumerics() {
        let spaced = "word  ".repeat(30);
        assert_eq!(value(spaced.trim_end()).lines().count(), 1);
        let tabbed = "word\t".repeat(30) + "end";
        assert_eq!(value(&tabbed).lines().count(), 1);
        let dashes = "- ".repeat(80) + "x";
        assert_eq!(value(&dashes).lines().count(), 1);
        let punctuation = "(a) ".repeat(40) + "end";
        let out = value(&punctuation);
        assert!(out.lines().count() > 1, "{out}");
        for line in out.lines().skip(1) {
            let word = line.trim_start();
            assert!(
                word.starts_with(|c: char| c.is_ascii_alphanumeric()),
                "{out}"
            );
        }
        assert!(reads_back(&out, Slot::Value("summary"), &punctuation));
    }

    #[test]
    fn keys_are_quoted_when_they_would_not_read_back() {
        assert_eq!(key("P4"), "P4");
        assert_eq!(key("S1"), "S1");
        assert_eq!(key("12"), "\"12\"");
        assert_eq!(key("1E3"), "\"1E3\"");
        assert_eq!(key("0X10"), "0X10");
        assert_eq!(key("NULL"), "\"NULL\"");
        assert_eq!(key("Y"), "\"Y\"");
        assert_eq!(key("ON"), "\"ON\"");
        assert_eq!(key("2026"), "\"2026\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(key("a: b"), "\"a: b\"");
    }
}
