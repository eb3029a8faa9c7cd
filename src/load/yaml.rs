//! The one module that talks to the YAML parser: parsing documents and locating YAML paths.

mod locate;
mod syntax;
mod values;

use serde::de::DeserializeOwned;

use super::nesting;
use crate::canon::limits;
use crate::diagnostics::{Code, Position, YamlPath};

pub use locate::{MAX_SEPARATE_READINGS, locate, locate_all};

/// Bytes of text that aliases may add to a document's values beyond the file's own size (the
/// file size limit again): an alias of a long text copies it, so without a bound a few
/// kilobytes of aliases could ask for gigabytes.
pub const MAX_ALIAS_TEXT: usize = 8 * 1024 * 1024;

/// A document that could not be read as `T`, with the path and position of the first problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub code: Code,
    pub path: YamlPath,
    pub message: String,
    pub position: Option<Position>,
    /// For a duplicate key: where the key is first written.
    pub first: Option<Position>,
}

/// Parses one YAML document into `T`. Syntax errors, duplicate keys, alias abuse and excessive
/// nesting are refused by the parser; shape errors (unknown keys, wrong types, missing keys) carry
/// the YAML path of the offending value and its position in `source`.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<T, ParseError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    nesting::check(source).map_err(refused)?;
    let budget = values::Budget {
        entries: nesting::MAX_ENTRIES,
        text: source.len() + MAX_ALIAS_TEXT,
    };
    let value = values::parse(source, budget).map_err(|error| syntax_error(source, error))?;
    if value.is_null() {
        return Err(ParseError {
            code: Code::EmptyFile,
            path: YamlPath::root(),
            message: "the file is empty; it must hold a YAML mapping".to_string(),
            position: Some(Position { line: 1, column: 1 }),
            first: None,
        });
    }
    let result: Result<T, _> = serde_path_to_error::deserialize(value);
    result.map_err(|error| {
        let (path, code, mut message) =
            super::shape::shape_error(error.path(), &error.inner().to_string());
        let mut position = locate(source, &path);
        if code == Code::MissingKey
            && path.is_root()
            && message == "missing required key `levels`"
            && let Some((at, level)) = syntax::profile_read_as_text(source)
        {
            message = format!(
                "missing required key `levels`: line {} (`{level}:`) looks like the start of a \
                 profile, but YAML reads it as more text of the value above it; put the \
                 `levels:` line back above it, at column 1",
                at.line
            );
            position = Some(at);
        }
        ParseError {
            code,
            path,
            message,
            position,
            first: None,
        }
    })
}

/// A document the pre-scan refused before the parser saw it.
fn refused(error: nesting::Refused) -> ParseError {
    let (code, message) = match error.limit {
        nesting::Limit::Depth => (
            Code::NestingTooDeep,
            format!(
                "nesting deeper than {} levels; a canon file needs at most 5 (a role's levels → \
             level → components → list → item), and deeper nesting only slows the YAML parser \
             down: look for an unclosed `[` or `{{` or runaway indentation here",
                nesting::MAX_DEPTH
            ),
        ),
        nesting::Limit::Entries => (
            Code::TooManyEntries,
            format!(
                "more than {} list items and mapping entries in one file; a canon file needs a few \
             hundred, and more would slow every check down: split the file, or remove generated \
             or pasted content",
                limits::thousands(nesting::MAX_ENTRIES)
            ),
        ),
        nesting::Limit::Directives => (
            Code::TooManyDirectives,
            format!(
                "more than {} YAML directives (lines starting with `%`) in one file; a canon file \
             needs none, and the parser compares each with every other: remove them",
                nesting::MAX_DIRECTIVES
            ),
        ),
    };
    ParseError {
        code,
        path: YamlPath::root(),
        message,
        position: Some(error.position),
        first: None,
    }
}

fn syntax_error(source: &str, error: yaml_serde::Error) -> ParseError {
    let position = error.location().map(|location| Position {
        line: location.line(),
        column: location.column(),
    });
    let mut message = error.to_string();
    let mut position = position;
    if message.contains(values::OVER_TEXT) {
        return ParseError {
            code: Code::AliasText,
            path: YamlPath::root(),
            message: format!(
                "aliases (`*name`) repeat the text anchored here until the file's values hold \
                 {} MiB more text than the file itself; a canon file needs no such repetition: \
                 write the repeated text out once each, or remove the aliases",
                MAX_ALIAS_TEXT >> 20
            ),
            position,
            first: None,
        };
    }
    if message.contains(values::OVER_ENTRIES) {
        return ParseError {
            code: Code::AliasValues,
            path: YamlPath::root(),
            message: format!(
                "aliases (`*name`) repeat the values anchored here until the file holds more \
                 than {} list items and mapping entries; a canon file needs a few hundred: write \
                 the repeated values out once each, or remove the aliases",
                limits::thousands(nesting::MAX_ENTRIES)
            ),
            position,
            first: None,
        };
    }
    if let Some(position) = position {
        let here = format!(" at line {} column {}", position.line, position.column);
        message = message.replacen(&here, "", 1);
    }
    // The reader reports some errors (bad characters) by byte offset only.
    if let Some((head, tail)) = message.split_once(" at position ") {
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(offset) = digits.parse::<usize>() {
            position = Some(Position::in_text(source, offset));
            message = format!("{head}{}", &tail[digits.len()..]);
        }
    }
    if let Some((prefix, key)) = message.split_once("duplicate entry with key ") {
        let key = key.trim_matches('"').to_string();
        let both = position.and_then(|at| both_keys(source, at, &key));
        return ParseError {
            code: Code::DuplicateKey,
            path: super::shape::shortened(YamlPath::parse(prefix.trim_end_matches(": "))),
            position: both.map(|(_, second)| second).or(position),
            message: format!(
                "duplicate key `{}`: each key may appear once in a mapping; keep one of the two",
                limits::excerpt(&key)
            ),
            first: both.map(|(first, _)| first),
        };
    }
    let parser_says = limits::excerpt_of_message(&message);
    if let Some(explained) = syntax::explain(source, &message, position) {
        let at = position
            .map(|p| format!(" at {}:{}", p.line, p.column))
            .unwrap_or_default();
        return ParseError {
            code: explained.code,
            path: YamlPath::root(),
            message: format!(
                "{} (the YAML parser says: {parser_says}{at})",
                explained.message
            ),
            position: Some(explained.position),
            first: None,
        };
    }
    ParseError {
        code: Code::InvalidYaml,
        path: YamlPath::root(),
        message: format!("invalid YAML: {parser_says}"),
        position,
        first: None,
    }
}

/// The parser reports a duplicate key at the start of its mapping; this finds where the key is
/// written: the first two lines at the mapping's indentation that start with `key:`.
fn both_keys(source: &str, mapping: Position, key: &str) -> Option<(Position, Position)> {
    let indent = mapping.column - 1;
    let forms = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut first = None;
    for (number, line) in source.lines().enumerate().skip(mapping.line - 1) {
        let body = line.get(indent..)?;
        let this_level = line.len() - line.trim_start().len() == indent;
        if this_level && forms.iter().any(|form| body.starts_with(form.as_str())) {
            let here = Position {
                line: number + 1,
                column: mapping.column,
            };
            match first {
                None => first = Some(here),
                Some(first) => return Some((first, here)),
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "code: SALES\nlevels:\n  P4:\n    summary: x\n  P9:\n    jfm_responsibilities:\n      - one\n      - two\n";

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn locates_keys_and_list_items() {
        assert_eq!(locate(DOC, &YamlPath::parse("levels.P9")), at(5, 3));
        assert_eq!(
            locate(DOC, &YamlPath::parse("levels.P9.jfm_responsibilities[1]")),
            at(8, 9)
        );
        assert_eq!(locate(DOC, &YamlPath::parse("code")), at(1, 1));
    }

    #[test]
    fn falls_back_to_the_deepest_existing_node() {
        assert_eq!(locate(DOC, &YamlPath::parse("levels.P4.rubrics")), at(4, 5));
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let error = parse::<yaml_serde_free::Any>("a: [1, 2\n").unwrap_err();
        assert_eq!(
            (error.code, error.position),
            (Code::UnclosedBracket, at(1, 4))
        );
        assert!(
            error.message.ends_with(
                "(the YAML parser says: did not find expected ',' or ']', while parsing a flow \
                 sequence at line 1 column 4 at 2:1)"
            ),
            "{}",
            error.message
        );
        let error = parse::<yaml_serde_free::Any>("a: - b\n").unwrap_err();
        assert_eq!((error.code, error.position), (Code::InvalidYaml, at(1, 4)));
        assert_eq!(
            error.message,
            "invalid YAML: block sequence entries are not allowed in this context"
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key_and_name_the_first() {
        let error =
            parse::<serde_json::Value>("code: A\nlevels:\n  P4: {}\n  P5: {}\n  P4: {}\nname: x\n")
                .unwrap_err();
        assert_eq!(
            error.message,
            "duplicate key `P4`: each key may appear once in a mapping; keep one of the two"
        );
        assert_eq!((error.position, error.first), (at(5, 3), at(3, 3)));
        let error = parse::<serde_json::Value>("code: A\nname: x\n'code': B\n").unwrap_err();
        assert_eq!((error.position, error.first), (at(3, 1), at(1, 1)));
    }

    #[test]
    fn profiles_read_as_a_description_point_at_the_missing_levels_line() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Role {
            code: String,
            description: String,
            levels: serde_json::Value,
        }
        let role =
            "code: LOGI\ndescription: >-\n  Moves goods.\n\n  P3:\n    summary: Runs transport.\n";
        let error = parse::<Role>(role).unwrap_err();
        assert_eq!((error.code, error.position), (Code::MissingKey, at(5, 3)));
        assert_eq!(
            error.message,
            "missing required key `levels`: line 5 (`P3:`) looks like the start of a profile, \
             but YAML reads it as more text of the value above it; put the `levels:` line back \
             above it, at column 1"
        );
        // Without such a line the message stays plain and points at the mapping.
        let error =
            parse::<Role>("code: LOGI\ndescription: >-\n  Moves goods.\n  P3: none\n").unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.position),
            ("missing required key `levels`", at(1, 1))
        );
    }

    mod yaml_serde_free {
        #[derive(Debug, serde::Deserialize)]
        pub struct Any {}
    }
}
