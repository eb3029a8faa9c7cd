//! Reading a built site's search index as the browser does: the manifest, its shard folder,
//! term postings, the word shards' stems and the document records.

use std::collections::BTreeMap;

use serde_json::Value;

/// The index files of a site, by their paths from the site root.
pub struct SearchIndex<'s> {
    pub manifest: Value,
    files: &'s BTreeMap<String, Vec<u8>>,
}

impl<'s> SearchIndex<'s> {
    /// The index of a site read with `common::tree`.
    pub fn of(files: &'s BTreeMap<String, Vec<u8>>) -> Self {
        let (_, manifest) = files
            .iter()
            .find(|(path, _)| path.starts_with("search/manifest-"))
            .expect("a search manifest");
        let manifest = serde_json::from_slice(manifest).expect("the manifest is JSON");
        SearchIndex { manifest, files }
    }

    /// A file of the shard folder, parsed.
    pub fn shard(&self, name: &str) -> Value {
        let path = format!("search/{}{name}", self.manifest["dir"].as_str().unwrap());
        let bytes = self.files.get(&path).unwrap_or_else(|| panic!("no {path}"));
        serde_json::from_slice(bytes).unwrap()
    }

    /// Every document record, in doc number order.
    pub fn docs(&self) -> Vec<Value> {
        (0..self.manifest["doc_shards"].as_u64().unwrap())
            .flat_map(|n| {
                self.shard(&format!("d-{n}.json"))
                    .as_array()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    /// The postings of `term`: `(doc, mask)` pairs, docs ascending.
    pub fn postings(&self, term: &str) -> Vec<(u64, u64)> {
        let shard = self.shard(&shard_file(&self.manifest, "t", term).expect("a term shard"));
        let mut doc = 0;
        shard[term]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|value| {
                        let value = value.as_u64().unwrap();
                        doc += value / 8;
                        (doc, value % 8)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The stem the index keeps for `word`, a word of the site.
    pub fn stem_of(&self, word: &str) -> Option<String> {
        let shard = self.shard(&shard_file(&self.manifest, "w", word)?);
        match &shard[word] {
            Value::Number(length) => Some(
                word.chars()
                    .take(length.as_u64().unwrap() as usize)
                    .collect(),
            ),
            Value::String(stem) => Some(stem.clone()),
            _ => None,
        }
    }
}

/// The file in the shard folder that holds `key`: kind `w` for a word, `t` for a term.
pub fn shard_file(manifest: &Value, kind: &str, key: &str) -> Option<String> {
    let prefixes = &manifest[if kind == "w" { "words" } else { "terms" }];
    longest_prefix(prefixes, key).map(|prefix| format!("{kind}-{}.json", hex(&prefix)))
}

fn longest_prefix(prefixes: &Value, key: &str) -> Option<String> {
    prefixes
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|prefix| key.starts_with(prefix))
        .max_by_key(|prefix| prefix.len())
        .map(str::to_string)
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}
