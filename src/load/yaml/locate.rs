//! Where YAML paths sit in a document: one path by re-reading it, or many in one reading.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::canon::limits;
use crate::diagnostics::{Position, Segment, YamlPath};

/// Paths whose node is a mapping or a list (or is missing) other than the root cannot be found
/// in the shared reading; each costs one more reading of the document, at most this many per
/// document. (Validation reports on keys and texts, so these are rare: a missing required key
/// points at its mapping.)
pub const MAX_SEPARATE_READINGS: usize = 8;

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
        let Some((Segment::Index(target) | Segment::Named(target, _), rest)) =
            self.rest.split_first()
        else {
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

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (IgnoredAny, contents) = data.variant_seed(std::marker::PhantomData::<IgnoredAny>)?;
        contents.newtype_variant_seed(self)
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

/// The positions of many paths in `source`, each as [`locate`] would give it, reading the
/// document once: every key and scalar on the way is visited once, however many paths there
/// are. Paths that end at a mapping or a list, or lead nowhere, are located one by one, up to
/// [`MAX_SEPARATE_READINGS`] distinct paths; the rest stay unlocated.
pub fn locate_all(source: &str, paths: &[&YamlPath]) -> Vec<Option<Position>> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut root = Node::default();
    for (target, path) in paths.iter().enumerate() {
        root.insert(&path.0, target);
    }
    let state = State {
        found: RefCell::new(vec![None; paths.len()]),
        pending: RefCell::new(Vec::new()),
        separate: RefCell::new(Vec::new()),
    };
    let walk = Walk {
        node: &root,
        own: true,
        state: &state,
    };
    let deserializer = yaml_serde::Deserializer::from_str(source);
    if let Err(error) = walk.deserialize(deserializer) {
        let _ = state.settle(error);
    }
    let mut found = state.found.into_inner();
    let mut separate = state.separate.into_inner();
    separate.retain(|target| found[*target].is_none());
    // The root collection starts at the document's first token.
    let (root, mut separate): (Vec<usize>, Vec<usize>) = separate
        .into_iter()
        .partition(|target| paths[*target].is_root());
    if !root.is_empty() {
        let position = crate::load::nesting::first_token(source);
        for target in root {
            found[target] = Some(position);
        }
    }
    separate.sort_by(|a, b| paths[*a].cmp(paths[*b]));
    let groups = separate.chunk_by(|a, b| paths[*a] == paths[*b]);
    for group in groups.take(MAX_SEPARATE_READINGS) {
        let position = locate(source, paths[group[0]]);
        for target in group {
            found[*target] = position;
        }
    }
    found
}

/// The paths sought, as a tree: each node holds the targets that end there.
#[derive(Default)]
struct Node<'p> {
    targets: Vec<usize>,
    keys: BTreeMap<&'p str, Node<'p>>,
    items: BTreeMap<usize, Node<'p>>,
    visited: Cell<bool>,
}

impl<'p> Node<'p> {
    fn insert(&mut self, rest: &'p [Segment], target: usize) {
        match rest.split_first() {
            None => self.targets.push(target),
            Some((Segment::Key(key), rest)) => {
                self.keys.entry(key).or_default().insert(rest, target)
            }
            Some((Segment::Index(index) | Segment::Named(index, _), rest)) => {
                self.items.entry(*index).or_default().insert(rest, target)
            }
        }
    }

    fn has_children(&self) -> bool {
        !self.keys.is_empty() || !self.items.is_empty()
    }

    /// Every target below this node (not its own).
    fn below(&self, out: &mut Vec<usize>) {
        for child in self.keys.values().chain(self.items.values()) {
            out.extend(&child.targets);
            child.below(out);
        }
    }

    /// Targets below children that the document does not have: their deepest existing node is
    /// this collection.
    fn missing(&self, out: &mut Vec<usize>) {
        for child in self.keys.values().chain(self.items.values()) {
            if !child.visited.get() {
                out.extend(&child.targets);
                child.below(out);
            }
        }
    }
}

struct State {
    found: RefCell<Vec<Option<Position>>>,
    /// Targets waiting for the position of the error being raised.
    pending: RefCell<Vec<usize>>,
    /// Targets whose node is a collection or missing, for [`locate`].
    separate: RefCell<Vec<usize>>,
}

impl State {
    fn raise<E: de::Error>(&self, targets: impl IntoIterator<Item = usize>) -> E {
        self.pending.borrow_mut().extend(targets);
        found()
    }

    /// Records the position of a raised error for its targets; any other error is returned.
    fn settle<E: de::Error>(&self, error: E) -> Result<(), E> {
        let pending = std::mem::take(&mut *self.pending.borrow_mut());
        if pending.is_empty() {
            return Err(error);
        }
        let position = position_in(&error.to_string());
        let mut found = self.found.borrow_mut();
        for target in pending {
            found[target].get_or_insert(position);
        }
        Ok(())
    }
}

/// The position the parser appends to its messages (` at line 3 column 7`); a node at the very
/// start of the document gets none.
fn position_in(message: &str) -> Position {
    let parsed = message.rsplit_once(" at line ").and_then(|(_, tail)| {
        let (line, column) = tail.split_once(" column ")?;
        Some(Position {
            line: line.parse().ok()?,
            column: column.trim_end().parse().ok()?,
        })
    });
    parsed.unwrap_or(Position { line: 1, column: 1 })
}

/// Visits one node of the document with the part of the tree that concerns it. `own`: whether
/// the node's own targets are found here (not at a key, which has already reported them).
#[derive(Clone, Copy)]
struct Walk<'t, 'p> {
    node: &'t Node<'p>,
    own: bool,
    state: &'t State,
}

impl<'t, 'p> Walk<'t, 'p> {
    fn child(self, node: &'t Node<'p>, own: bool) -> Self {
        Walk { node, own, ..self }
    }

    /// A scalar is the deepest node of every path through it.
    fn scalar<E: de::Error>(self) -> Result<(), E> {
        let mut targets = Vec::new();
        if self.own {
            targets.extend(&self.node.targets);
        }
        self.node.below(&mut targets);
        if targets.is_empty() {
            Ok(())
        } else {
            Err(self.state.raise(targets))
        }
    }

    fn collection_ends(self) {
        let mut separate = self.state.separate.borrow_mut();
        if self.own {
            separate.extend(&self.node.targets);
        }
        self.node.missing(&mut separate);
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! scalar_visits {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method<E: de::Error>(self, _: $ty) -> Result<(), E> { self.scalar() })*
    };
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    scalar_visits!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.state;
        let matched = Cell::new(None);
        loop {
            let key = KeyMatch {
                node: self.node,
                state,
                matched: &matched,
            };
            let child = match map.next_key_seed(key) {
                Ok(None) => break,
                Ok(Some(child)) => child,
                Err(error) => {
                    state.settle(error)?;
                    matched.take()
                }
            };
            let value = match child {
                Some(child) if child.has_children() => {
                    map.next_value_seed(self.child(child, false))
                }
                _ => map.next_value::<IgnoredAny>().map(|_| ()),
            };
            if let Err(error) = value {
                state.settle(error)?;
            }
        }
        self.collection_ends();
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for index in 0.. {
            let item = match self.node.items.get(&index) {
                Some(child) => {
                    child.visited.set(true);
                    seq.next_element_seed(self.child(child, true))
                }
                None => seq
                    .next_element::<IgnoredAny>()
                    .map(|item| item.map(|_| ())),
            };
            match item {
                Ok(None) => break,
                Ok(Some(())) => {}
                Err(error) => self.state.settle(error)?,
            }
        }
        self.collection_ends();
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (IgnoredAny, contents) = data.variant_seed(std::marker::PhantomData::<IgnoredAny>)?;
        contents.newtype_variant_seed(self)
    }
}

/// Reads a mapping key and returns the tree node for it, if any; fails on the key (to report
/// its position) when paths end there, leaving the node in `matched`.
struct KeyMatch<'m, 't, 'p> {
    node: &'t Node<'p>,
    state: &'t State,
    matched: &'m Cell<Option<&'t Node<'p>>>,
}

impl<'t, 'p> KeyMatch<'_, 't, 'p> {
    fn matches<E: de::Error>(self, key: &str) -> Result<Option<&'t Node<'p>>, E> {
        // Keys too long to quote whole are in paths as their excerpt.
        let child = match self.node.keys.get(key) {
            None if !limits::fits(key) => self.node.keys.get(limits::excerpt(key).as_ref()),
            found => found,
        };
        let Some(child) = child else {
            return Ok(None);
        };
        child.visited.set(true);
        if child.targets.is_empty() {
            return Ok(Some(child));
        }
        self.matched.set(Some(child));
        Err(self.state.raise(child.targets.iter().copied()))
    }
}

impl<'de, 't, 'p> DeserializeSeed<'de> for KeyMatch<'_, 't, 'p> {
    type Value = Option<&'t Node<'p>>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 't, 'p> Visitor<'de> for KeyMatch<'_, 't, 'p> {
    type Value = Option<&'t Node<'p>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.matches(key)
    }

    fn visit_bool<E: de::Error>(self, key: bool) -> Result<Self::Value, E> {
        self.matches(&key.to_string())
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<Self::Value, E> {
        self.matches(&key.to_string())
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Self::Value, E> {
        self.matches(&key.to_string())
    }

    fn visit_f64<E: de::Error>(self, key: f64) -> Result<Self::Value, E> {
        self.matches(&key.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (IgnoredAny, contents) = data.variant_seed(std::marker::PhantomData::<IgnoredAny>)?;
        contents.newtype_variant::<IgnoredAny>()?;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
code: SALES
levels:
  P4:
    summary: x
    tags: !t [a, b]
  P9:
    jfm_responsibilities:
      - one
      - two
    rubrics: {complexity: c, 5: five}
  P10: &p
    summary: s
  P11: *p
";

    #[test]
    fn finds_every_path_where_locate_does() {
        let paths = [
            "code",
            "levels",
            "levels.P4",
            "levels.P4.summary",
            "levels.P4.summary.deeper",
            "levels.P4.tags[1]",
            "levels.P4.rubrics",
            "levels.P9.jfm_responsibilities[0]",
            "levels.P9.jfm_responsibilities[1]",
            "levels.P9.jfm_responsibilities[7]",
            "levels.P9.jfm_responsibilities",
            "levels.P9.rubrics.complexity",
            "levels.P9.rubrics.5",
            "levels.P10.summary",
            "levels.P11.summary",
            "levels.P12",
            "",
            "levels.P9",
            "code",
        ]
        .map(YamlPath::parse);
        let refs: Vec<&YamlPath> = paths.iter().collect();
        let all = locate_all(DOC, &refs);
        for (path, position) in paths.iter().zip(all) {
            assert_eq!(position, locate(DOC, path), "{path}");
            assert!(position.is_some(), "{path}");
        }
    }

    #[test]
    fn finds_the_root_and_shortened_keys_without_another_reading() {
        let long = "k".repeat(100);
        let doc = format!("# a comment\n%YAML 1.1\n---\n  {long}: [x]\n  b: y\n");
        let shortened = YamlPath::root().key(&limits::excerpt(&long));
        let paths = [YamlPath::root(), shortened.index(0), shortened];
        let refs: Vec<&YamlPath> = paths.iter().collect();
        let at = |line, column| Some(Position { line, column });
        assert_eq!(locate_all(&doc, &refs), [at(4, 3), at(4, 106), at(4, 3)]);
        assert_eq!(locate(&doc, &paths[0]), at(4, 3));
    }

    #[test]
    fn reads_positions_from_messages() {
        assert_eq!(
            position_in("levels.P4: x at line 7 column 12 at line 3 column 5"),
            Position { line: 3, column: 5 }
        );
        assert_eq!(position_in("x"), Position { line: 1, column: 1 });
    }

    #[test]
    fn locates_many_items_of_a_long_list() {
        let doc: String = std::iter::once("list:\n".to_string())
            .chain((0..5000).map(|n| format!("  - item {n}\n")))
            .collect();
        let paths: Vec<YamlPath> = (0..5000)
            .map(|n| YamlPath::root().key("list").index(n))
            .collect();
        let refs: Vec<&YamlPath> = paths.iter().collect();
        let all = locate_all(&doc, &refs);
        for (n, position) in all.into_iter().enumerate() {
            assert_eq!(
                position,
                Some(Position {
                    line: n + 2,
                    column: 5
                })
            );
        }
    }
}
