//! Builds the parser's value tree while counting entries, so aliases cannot multiply a document.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use yaml_serde::value::{Tag, TaggedValue};
use yaml_serde::{Mapping, Value};

/// Mark the errors raised when a budget runs out, so the caller can tell them from others.
pub const OVER_ENTRIES: &str = "jobframe: entry budget exhausted";
pub const OVER_TEXT: &str = "jobframe: text budget exhausted";

/// What the value tree of one document may hold, aliases expanded.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// List items and mapping entries.
    pub entries: usize,
    /// Bytes of text in scalars and keys.
    pub text: usize,
}

/// Parses `source` into a value, failing with [`OVER_ENTRIES`] or [`OVER_TEXT`] once more than
/// the budget has been built, each alias counting everything it repeats.
pub fn parse(source: &str, budget: Budget) -> Result<Value, yaml_serde::Error> {
    let entries = Cell::new(budget.entries);
    let text = Cell::new(budget.text);
    let seed = Budgeted {
        entries: &entries,
        text: &text,
    };
    seed.deserialize(yaml_serde::Deserializer::from_str(source))
}

#[derive(Clone, Copy)]
struct Budgeted<'b> {
    entries: &'b Cell<usize>,
    text: &'b Cell<usize>,
}

fn spend<E: de::Error>(left: &Cell<usize>, amount: usize, marker: &str) -> Result<(), E> {
    match left.get().checked_sub(amount) {
        Some(rest) => {
            left.set(rest);
            Ok(())
        }
        None => Err(E::custom(marker)),
    }
}

impl Budgeted<'_> {
    fn spend<E: de::Error>(self) -> Result<(), E> {
        spend(self.entries, 1, OVER_ENTRIES)
    }

    fn string<E: de::Error>(self, value: String) -> Result<Value, E> {
        spend(self.text, value.len(), OVER_TEXT)?;
        Ok(Value::String(value))
    }
}

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.string(value.to_string())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.string(value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            self.spend()?;
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(key) = map.next_key_seed(self)? {
            self.spend()?;
            if let Some(message) = duplicate(&mapping, &key) {
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, contents) = data.variant_seed(std::marker::PhantomData::<String>)?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// The parser's own message for a repeated key, which the loader recognises.
fn duplicate(mapping: &Mapping, key: &Value) -> Option<String> {
    if !mapping.contains_key(key) {
        return None;
    }
    Some(match key {
        Value::Null => "duplicate entry with null key".to_string(),
        Value::Bool(boolean) => format!("duplicate entry with key `{boolean}`"),
        Value::Number(number) => format!("duplicate entry with key {number}"),
        Value::String(string) => format!("duplicate entry with key {string:?}"),
        _ => "duplicate entry in YAML map".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_same_value_as_the_parser() {
        let text =
            "a: [1, -2, 3.5, true, ~, x]\nb: {c: !t d, e: \"t\"}\nf: &x [y]\ng: *x\nh: |\n  text\n";
        let expected: Value = yaml_serde::from_str(text).unwrap();
        assert_eq!(parse(text, roomy()).unwrap(), expected);
    }

    fn roomy() -> Budget {
        Budget {
            entries: 100,
            text: 1000,
        }
    }

    #[test]
    fn counts_the_entries_aliases_repeat() {
        let text = "a: &a [x, x, x, x]\nb: [*a, *a]\n";
        // 2 root entries, 4 items, 2 items each holding the 4 again.
        let entries = |entries| Budget { entries, ..roomy() };
        assert!(parse(text, entries(2 + 4 + 2 + 8)).is_ok());
        let error = parse(text, entries(2 + 4 + 2 + 7)).unwrap_err();
        assert!(error.to_string().contains(OVER_ENTRIES), "{error}");
    }

    #[test]
    fn counts_the_text_aliases_repeat() {
        let text = "a: &a xxxxxxxxxx\nb: [*a, *a]\n";
        // Keys a and b, then ten bytes three times.
        let bytes = |text| Budget { text, ..roomy() };
        assert!(parse(text, bytes(2 + 30)).is_ok());
        let error = parse(text, bytes(2 + 29)).unwrap_err();
        assert!(error.to_string().contains(OVER_TEXT), "{error}");
    }

    #[test]
    fn refuses_duplicate_keys_as_the_parser_does() {
        let error = parse("a: 1\nb: 2\na: 3\n", roomy()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("duplicate entry with key \"a\""),
            "{error}"
        );
    }
}
