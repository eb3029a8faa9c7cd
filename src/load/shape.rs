//! Shape errors (a key, type or value the file's shape does not allow) turned into a YAML path
//! and a message written for canon editors, with over-long keys shortened.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use crate::canon::files::FileKind;
use crate::canon::limits;
use crate::diagnostics::{self, Code, Segment, YamlPath};

/// The path with every key too long to be a canon key shortened, so that messages stay short.
pub(crate) fn shortened(path: YamlPath) -> YamlPath {
    let segments = path.0.into_iter().map(|segment| match segment {
        Segment::Key(key) if !limits::fits(&key) => {
            Segment::Key(limits::excerpt(&key).into_owned())
        }
        other => other,
    });
    YamlPath(segments.collect())
}

/// Turns a serde shape error into a YAML path, a code and a message written for canon editors.
pub(crate) fn shape_error(
    path: &serde_path_to_error::Path,
    message: &str,
) -> (YamlPath, Code, String) {
    let (path, code, message) = shape_error_in_full(path, message);
    (
        shortened(path),
        code,
        limits::excerpt_of_message(&message).into_owned(),
    )
}

fn shape_error_in_full(
    path: &serde_path_to_error::Path,
    message: &str,
) -> (YamlPath, Code, String) {
    let mut yaml_path = YamlPath::root();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => yaml_path = yaml_path.index(*index),
            serde_path_to_error::Segment::Map { key } => yaml_path = yaml_path.key(key),
            serde_path_to_error::Segment::Enum { variant } => yaml_path = yaml_path.key(variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = backticked(rest);
        if let Some((unknown, expected)) = names.split_first() {
            let names_key = yaml_path.0.last() == Some(&Segment::Key(unknown.to_string()));
            let path = if names_key {
                yaml_path
            } else {
                yaml_path.key(unknown)
            };
            if let Some(message) = misplaced_key_message(unknown, expected) {
                return (path, Code::MisplacedKey, message);
            }
            if let Some(message) = level_outside_levels(unknown, expected) {
                return (path, Code::MisplacedKey, message);
            }
            return (
                path,
                Code::UnknownKey,
                unknown_key_message(unknown, expected),
            );
        }
    }
    if let Some(name) = message
        .strip_prefix("missing field ")
        .and_then(|rest| backticked(rest).first().copied())
    {
        return (
            yaml_path,
            Code::MissingKey,
            format!("missing required key `{name}`"),
        );
    }
    if let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        let empty = found == "unit value" || found == "null";
        if empty && expected.contains("string") {
            return match yaml_path.0.last() {
                Some(Segment::Index(_)) => (
                    yaml_path,
                    Code::EmptyListItem,
                    "list item has no text: write it after the `- `, or remove the line"
                        .to_string(),
                ),
                _ => (
                    yaml_path,
                    Code::EmptyValue,
                    "has no value: write the text after the `:`".to_string(),
                ),
            };
        }
        {
            let found = found
                .replace("unit value", "an empty value")
                .replace("null", "an empty value")
                .replace("map", "a mapping")
                .replace("sequence", "a list");
            let expected = match expected {
                "a sequence" => "a list",
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => {
                    "a whole number"
                }
                _ if expected.starts_with("struct ") || expected == "a map" => "a mapping",
                _ => expected,
            };
            let mut text = format!("wrong type: expected {expected}, found {found}");
            let last_key = yaml_path.0.iter().rev().find_map(|segment| match segment {
                Segment::Key(key) => Some(key.as_str()),
                _ => None,
            });
            let hint = match (expected, found.as_str()) {
                ("a string", "a mapping") => Some(
                    "; a `: ` inside the text makes YAML read `key: value`: put the whole text \
                     in double quotes",
                ),
                ("a boolean", _) => Some("; write `true` or `false`"),
                ("a string", "a list") => {
                    Some("; this key holds one text, not a list: write the text after the `:`")
                }
                ("a mapping", "a list") if last_key == Some("levels") => Some(
                    "; profiles go under `levels:` as level codes (`P3:`), not as list items \
                     (`- P3:`): remove the `- `",
                ),
                ("a list", "a mapping") => Some(
                    "; each item starts with `- ` on its own line: write `- first item`, not \
                     `first: item`",
                ),
                ("a mapping", "a list") => {
                    Some("; write `key: value` lines here, without `- ` in front")
                }
                _ => None,
            };
            if let Some(hint) = hint {
                text.push_str(hint);
            } else if expected.contains("string")
                && !found.contains("mapping")
                && !found.contains("list")
            {
                text.push_str(" (put the value in quotes to keep it as text)");
            }
            return (yaml_path, Code::WrongType, text);
        }
    }
    (yaml_path, Code::WrongType, message.to_string())
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The keys of the canon files, from their schemas, read once on first use: every key, and
/// each key that sits inside another key's mapping → those keys (`complexity` → `dimensions`,
/// `rubrics`).
struct SchemaKeys {
    all: BTreeSet<String>,
    parents: BTreeMap<String, BTreeSet<String>>,
}

static SCHEMA_KEYS: LazyLock<SchemaKeys> = LazyLock::new(|| {
    let mut keys = SchemaKeys {
        all: BTreeSet::new(),
        parents: BTreeMap::new(),
    };
    for kind in FileKind::ALL {
        let schema = kind.json_schema().to_value();
        collect_keys(&schema, &schema, &mut keys);
    }
    keys
});

/// Whether `key` is a key of some canon file.
pub(crate) fn is_canon_key(key: &str) -> bool {
    SCHEMA_KEYS.all.contains(key)
}

fn collect_keys(node: &serde_json::Value, root: &serde_json::Value, out: &mut SchemaKeys) {
    let serde_json::Value::Object(map) = node else {
        if let serde_json::Value::Array(items) = node {
            items.iter().for_each(|item| collect_keys(item, root, out));
        }
        return;
    };
    if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
        for (key, schema) in properties {
            out.all.insert(key.clone());
            for child in object_keys(schema, root) {
                out.parents.entry(child).or_default().insert(key.clone());
            }
        }
    }
    map.values()
        .for_each(|value| collect_keys(value, root, out));
}

/// The keys of the mapping `schema` describes, through `$ref`s and `anyOf`s (one level).
fn object_keys(schema: &serde_json::Value, root: &serde_json::Value) -> Vec<String> {
    let resolve = |value: &serde_json::Value| -> Option<serde_json::Value> {
        let reference = value.get("$ref")?.as_str()?.strip_prefix("#/")?;
        reference
            .split('/')
            .try_fold(root, |node, part| node.get(part))
            .cloned()
    };
    let mut candidates = vec![schema.clone()];
    if let Some(resolved) = resolve(schema) {
        candidates.push(resolved);
    }
    if let Some(serde_json::Value::Array(options)) = schema.get("anyOf") {
        for option in options {
            candidates.push(option.clone());
            candidates.extend(resolve(option));
        }
    }
    candidates
        .iter()
        .filter_map(|candidate| candidate.get("properties")?.as_object())
        .flat_map(|properties| properties.keys().cloned())
        .collect()
}

/// `complexity` written beside `rubrics:` instead of inside it: the key is not known here, but
/// it is a key of a mapping this one holds.
fn misplaced_key_message(unknown: &str, expected: &[&str]) -> Option<String> {
    let parents = SCHEMA_KEYS.parents.get(unknown)?;
    let home = expected.iter().find(|key| parents.contains(**key))?;
    Some(format!(
        "`{unknown}` belongs under `{home}:`, not here: indent it under the `{home}:` line (check \
         that the lines above it are indented alike)"
    ))
}

/// A level code (`P3:`) written where `levels:` belongs, as if the `levels:` line were missing.
fn level_outside_levels(unknown: &str, expected: &[&str]) -> Option<String> {
    (looks_like_level_code(unknown) && expected.contains(&"levels")).then(|| {
        format!(
            "`{unknown}` looks like a level code, but profiles go under `levels:`: add a \
             `levels:` line above it and indent the profiles under it"
        )
    })
}

/// Whether `key` reads like a ladder's level code: short, capitals and digits, with a digit.
pub(crate) fn looks_like_level_code(key: &str) -> bool {
    key.len() <= 8
        && key.chars().any(|c| c.is_ascii_digit())
        && key
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn unknown_key_message(unknown: &str, expected: &[&str]) -> String {
    let best = limits::fits(unknown)
        .then(|| diagnostics::did_you_mean(unknown, expected.iter().copied()))
        .flatten();
    let unknown = limits::excerpt(unknown);
    if let Some(best) = best {
        return format!("unknown key `{unknown}`; did you mean `{best}`?");
    }
    if expected.is_empty() {
        return format!("unknown key `{unknown}`; this mapping takes no keys");
    }
    let list = expected
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("unknown key `{unknown}`; expected one of {list}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canon::files::{DimensionsFile, ProfileFile};

    #[test]
    fn unknown_key_gets_a_suggestion_and_points_at_the_key() {
        let value = serde_json::json!({"scpe": "x"});
        let error = serde_path_to_error::deserialize::<_, DimensionsFile>(value).unwrap_err();
        let (path, _, message) = shape_error(error.path(), &error.inner().to_string());
        assert_eq!(path.to_string(), "scpe");
        assert_eq!(message, "unknown key `scpe`; did you mean `scope`?");
    }

    #[test]
    fn segments_map_to_yaml_paths() {
        let value = serde_json::json!({"jfm_responsibilities": ["a", 5]});
        let error = serde_path_to_error::deserialize::<_, ProfileFile>(value).unwrap_err();
        let (path, _, message) = shape_error(error.path(), &error.inner().to_string());
        assert_eq!(
            path,
            YamlPath(vec![
                Segment::Key("jfm_responsibilities".into()),
                Segment::Index(1)
            ])
        );
        assert!(
            message.starts_with("wrong type: expected a string, found integer `5`"),
            "{message}"
        );
    }
}
