//! The one module that talks to the YAML parser: parsing documents and locating YAML paths.

use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::diagnostics::{Position, Segment, YamlPath};

/// A document that could not be read as `T`, with the path and position of the first problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub path: YamlPath,
    pub message: String,
    pub position: Option<Position>,
}

/// Parses one YAML document into `T`. Syntax errors, duplicate keys, alias abuse and excessive
/// nesting are refused by the parser; shape errors (unknown keys, wrong types, missing keys) carry
/// the YAML path of the offending value and its position in `source`.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<T, ParseError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let value: yaml_serde::Value =
        yaml_serde::from_str(source).map_err(|error| syntax_error(source, error))?;
    if value.is_null() {
        return Err(ParseError {
            path: YamlPath::root(),
            message: "the file is empty; it must hold a YAML mapping".to_string(),
            position: Some(Position { line: 1, column: 1 }),
        });
    }
    let result: Result<T, _> = serde_path_to_error::deserialize(value);
    result.map_err(|error| {
        let (path, message) = super::shape::shape_error(error.path(), &error.inner().to_string());
        let position = locate(source, &path);
        ParseError {
            path,
            message,
            position,
        }
    })
}

fn syntax_error(source: &str, error: yaml_serde::Error) -> ParseError {
    let position = error.location().map(|location| Position {
        line: location.line(),
        column: location.column(),
    });
    let mut message = error.to_string();
    let mut position = position;
    if let Some(position) = position {
        let here = format!(" at line {} column {}", position.line, position.column);
        message = message.replacen(&here, "", 1);
    }
    // The reader reports some errors (bad characters) by byte offset only.
    if let Some((head, tail)) = message.split_once(" at position ") {
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(offset) = digits.parse::<usize>() {
            position = Some(position_of(source, offset));
            message = format!("{head}{}", &tail[digits.len()..]);
        }
    }
    if let Some((prefix, key)) = message.split_once("duplicate entry with key ") {
        let key = key.trim_matches('"').to_string();
        return ParseError {
            path: YamlPath::parse(prefix.trim_end_matches(": ")),
            position: position
                .and_then(|at| second_key(source, at, &key))
                .or(position),
            message: format!("duplicate key `{key}`: each key may appear once in a mapping"),
        };
    }
    ParseError {
        path: YamlPath::root(),
        message: format!("invalid YAML: {message}"),
        position,
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
fn position_of(source: &str, offset: usize) -> Position {
    let before = source.get(..offset.min(source.len())).unwrap_or(source);
    Position {
        line: before.matches('\n').count() + 1,
        column: before
            .rsplit('\n')
            .next()
            .map_or(0, |tail| tail.chars().count())
            + 1,
    }
}

/// The parser reports a duplicate key at the start of its mapping; this finds the repeated key
/// itself: the second line at the mapping's indentation that starts with `key:`.
fn second_key(source: &str, mapping: Position, key: &str) -> Option<Position> {
    let indent = mapping.column - 1;
    let forms = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut seen = 0;
    for (number, line) in source.lines().enumerate().skip(mapping.line - 1) {
        let body = line.get(indent..)?;
        let this_level = line.len() - line.trim_start().len() == indent;
        if this_level && forms.iter().any(|form| body.starts_with(form.as_str())) {
            seen += 1;
            if seen == 2 {
                return Some(Position {
                    line: number + 1,
                    column: mapping.column,
                });
            }
        }
    }
    None
}

/// The position of the node at `path` in `source`: for a mapping key, the key itself. When the
/// path does not exist, the deepest existing node on the way. Only used on the error path, so it
/// re-parses the document rather than keeping positions for every node.
pub fn locate(source: &str, path: &YamlPath) -> Option<Position> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let deserializer = yaml_serde::Deserializer::from_str(source);
    let error = Seek { rest: &path.0 }.deserialize(deserializer).err()?;
    let location = error.location()?;
    Some(Position {
        line: location.line(),
        column: location.column(),
    })
}

const FOUND: &str = "jobframe: located";

fn found<E: de::Error>() -> E {
    E::custom(FOUND)
}

/// Walks down `rest`, then fails on purpose at the target node so that the parser reports where
/// that node starts.
struct Seek<'p> {
    rest: &'p [Segment],
}

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! stop_on_scalar {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method<E: de::Error>(self, _: $ty) -> Result<(), E> { Err(found()) })*
    };
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    stop_on_scalar!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(found())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(found())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Segment::Key(target), rest)) = self.rest.split_first() else {
            return Err(found());
        };
        let probe = || KeyProbe {
            target,
            last: rest.is_empty(),
        };
        while let Some(matched) = map.next_key_seed(probe())? {
            if matched {
                return map.next_value_seed(Seek { rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(found())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Segment::Index(target), rest)) = self.rest.split_first() else {
            return Err(found());
        };
        for _ in 0..*target {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(found());
            }
        }
        seq.next_element_seed(Seek { rest })?;
        Err(found())
    }
}

/// Deserializes a mapping key and says whether it is the one sought; fails on it (to report its
/// position) when it is the last step of the path.
struct KeyProbe<'p> {
    target: &'p str,
    last: bool,
}

impl KeyProbe<'_> {
    fn check<E: de::Error>(&self, key: &str) -> Result<bool, E> {
        match (key == self.target, self.last) {
            (true, true) => Err(found()),
            (matched, _) => Ok(matched),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        self.check(key)
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
        self.check(&key.to_string())
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.check(&key.to_string())
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.check(&key.to_string())
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<bool, E> {
        self.check(&key.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
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
        assert_eq!(error.position, at(2, 1));
        assert!(
            error
                .message
                .starts_with("invalid YAML: did not find expected ','"),
            "{}",
            error.message
        );
    }

    #[test]
    fn duplicate_keys_point_at_the_second_key() {
        let error =
            parse::<serde_json::Value>("code: A\nlevels:\n  P4: {}\n  P5: {}\n  P4: {}\nname: x\n")
                .unwrap_err();
        assert_eq!(
            error.message,
            "duplicate key `P4`: each key may appear once in a mapping"
        );
        assert_eq!(error.position, at(5, 3));
        let error = parse::<serde_json::Value>("code: A\nname: x\ncode: B\n").unwrap_err();
        assert_eq!(error.position, at(3, 1));
    }

    mod yaml_serde_free {
        #[derive(Debug, serde::Deserialize)]
        pub struct Any {}
    }
}
