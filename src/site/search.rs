//! The search index: an inverted index of every profile's titles, names, codes and lines, and
//! of every guide page's title and text, sharded by term prefix and by document range so a
//! query fetches only what it needs.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use rust_stemmers::Stemmer;

use crate::canon::guide::text_blocks;
use crate::canon::model::Canon;
use crate::canon::urls::{self, SEARCH_DIR};
use crate::site::json::to_json;

/// A term shard is split by a longer prefix while it holds more postings than this.
pub const MAX_POSTINGS_PER_SHARD: usize = 12_000;
/// Term shards are split by at most this many characters of prefix. Real indexes never come
/// near it; it keeps terms that share a long prefix (a pasted list of long identifiers) from
/// costing a pass over the group per character, and shard file names (the prefix in hex) short.
pub const MAX_PREFIX_CHARS: usize = 16;
/// Documents per document shard: a page of ten results fetches the shards of its ten, so they
/// are small (a few KB gzip); equal scores keep canon order, so results often share one.
pub const DOCS_PER_SHARD: usize = 4;

/// Words too common in job descriptions to narrow a search.
const STOP_WORDS: [&str; 16] = [
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
    "with",
];

/// One searchable line of a profile and the anchor of that line on the profile page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLine<'a> {
    pub anchor: String,
    pub text: &'a str,
}

/// One profile or guide page as the search shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc<'a> {
    /// Title.
    pub t: String,
    /// The page, relative to the site root.
    pub u: String,
    #[serde(flatten)]
    pub about: About<'a>,
    /// Lines: `[anchor, text]`; a guide page's anchor is its heading's id, or empty above its
    /// first heading.
    pub n: Vec<(String, Cow<'a, str>)>,
}

/// What a search document is: its own fields in the JSON.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum About<'a> {
    Profile {
        /// Profile ID.
        i: String,
        /// Family index into the manifest's `families`.
        f: usize,
        /// Level code.
        l: &'a str,
        /// Role name.
        r: &'a str,
        /// Family name: indexed, and shown from the manifest's `families`.
        #[serde(skip)]
        family_name: &'a str,
    },
    Guide {
        /// The page's description, or empty.
        g: &'a str,
    },
}

impl SearchDoc<'_> {
    /// The texts that match as an ID, title or name rather than as a line, with where.
    fn fields(&self) -> Vec<(&str, u64)> {
        match &self.about {
            About::Profile {
                i,
                l,
                r,
                family_name,
                ..
            } => vec![
                (&self.t, IN_ID_OR_TITLE),
                (i, IN_ID_OR_TITLE),
                (l, IN_ID_OR_TITLE),
                (r, IN_NAME),
                (family_name, IN_NAME),
            ],
            About::Guide { g } => vec![(&self.t, IN_ID_OR_TITLE), (g, IN_NAME)],
        }
    }

    fn family(&self) -> Option<usize> {
        match self.about {
            About::Profile { f, .. } => Some(f),
            About::Guide { .. } => None,
        }
    }
}

/// The anchors of a profile's lines on its page, in page order; shared with the page renderer.
pub fn profile_lines(profile: &crate::canon::model::Profile) -> Vec<SearchLine<'_>> {
    use crate::canon::model::LineKind;
    let kinds = [
        LineKind::CoreOutput,
        LineKind::JfmResponsibility,
        LineKind::ComponentResponsibility,
    ];
    kinds
        .into_iter()
        .flat_map(|kind| {
            profile
                .lines(kind)
                .iter()
                .enumerate()
                .map(move |(index, text)| SearchLine {
                    anchor: kind.anchor(index),
                    text,
                })
        })
        .collect()
}

/// Lower-cased words of two or more characters, stop words left out. Must match `search.js`.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
}

/// The files of the index: `search/…` paths and their bytes, plus the manifest's and the search
/// engine script's paths.
#[derive(Debug)]
pub struct SearchFiles {
    pub paths: SearchPaths,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Where the search page and the compare page find the index and the engine, from the site root.
#[derive(Debug, Clone)]
pub struct SearchPaths {
    pub manifest: String,
    pub engine: String,
}

/// The search engine the browser runs: reads the index, reduces typed words to indexed stems,
/// corrects typos and ranks. Written beside the index, so every theme runs the same one.
pub const ENGINE_JS: &str = include_str!("search_engine.js");

/// Posting mask bits: where in a document a term occurs.
pub const IN_ID_OR_TITLE: u64 = 1;
pub const IN_NAME: u64 = 2;
pub const IN_LINE: u64 = 4;
/// A posting is `doc gap × POSTING_KINDS + mask`.
pub const POSTING_KINDS: u64 = 8;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// The folder of the shards, relative to the manifest: named by a hash of their contents.
    dir: String,
    /// Docs `[0, profiles)` are profiles; the rest are guide pages.
    profiles: usize,
    /// Terms are Snowball stems of `language` (`negoti` for negotiate, negotiation, …). False:
    /// terms are whole words.
    stemmed: bool,
    language: &'a str,
    /// Term shard prefixes: terms starting with `p` (and no longer listed prefix) are in
    /// `{dir}t-{hex(p)}.json`, as `{term: [doc gap × 8 + mask, …]}`.
    terms: Vec<String>,
    /// Word shard prefixes: the site's words starting with `p` are in `{dir}w-{hex(p)}.json`,
    /// as `{word: stem}`, the stem written as its length when it starts the word.
    words: Vec<String>,
    /// Document shards `{dir}d-{n}.json`, `docs_per_shard` docs each.
    doc_shards: usize,
    docs_per_shard: usize,
    families: Vec<(&'a str, &'a str)>,
    /// Profile docs per family: docs are in canon order, so each family's are one range.
    family_sizes: Vec<usize>,
    levels: Vec<(&'a str, &'a str)>,
    /// `{dir}levels.json` holds each profile doc's level as an index into `levels`; fetched
    /// only for the level filter.
    doc_levels: &'static str,
}

/// Builds the index. `docs` are the profiles in canon order, then the guide pages; a doc's
/// number is its position.
pub fn build(canon: &Canon, docs: &[SearchDoc<'_>]) -> SearchFiles {
    let stemmer = stemmer_for(&canon.settings.language);
    let index = Index::of(docs, stemmer.as_ref());
    let profiles = docs.partition_point(|doc| doc.family().is_some());
    let profile_docs = &docs[..profiles];

    let terms: Vec<(&str, &[(usize, u64)])> = index
        .postings
        .iter()
        .map(|(term, list)| (term.as_str(), list.as_slice()))
        .collect();
    let term_prefixes = shard_by_prefix(&terms, |list| list.len(), MAX_POSTINGS_PER_SHARD);
    let words: Vec<(&str, WordStem<'_>)> = index
        .words
        .iter()
        .map(|(word, stem)| (word.as_str(), WordStem::of(word, stem)))
        .collect();
    let word_prefixes = shard_by_prefix(&words, |_| 1, MAX_WORDS_PER_SHARD);
    let mut shards = shard_files("t", &terms, &term_prefixes, |list| compact_postings(list));
    shards.extend(shard_files("w", &words, &word_prefixes, |stem| *stem));
    let doc_shards = docs.chunks(DOCS_PER_SHARD).len();
    for (number, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        shards.push((format!("d-{number}.json"), to_json(&chunk)));
    }
    let doc_levels: Vec<usize> = profile_docs
        .iter()
        .map(|doc| match doc.about {
            About::Profile { l, .. } => canon.ladder.level_index(l).unwrap_or(usize::MAX),
            About::Guide { .. } => usize::MAX,
        })
        .collect();
    shards.push((DOC_LEVELS_FILE.to_string(), to_json(&doc_levels)));

    let dir = format!("{}/", shards_hash(&shards));
    let manifest = Manifest {
        version: 4,
        dir: dir.clone(),
        profiles,
        stemmed: stemmer.is_some(),
        language: &canon.settings.language,
        terms: term_prefixes
            .into_iter()
            .map(|(prefix, _)| prefix)
            .collect(),
        words: word_prefixes
            .into_iter()
            .map(|(prefix, _)| prefix)
            .collect(),
        doc_shards,
        docs_per_shard: DOCS_PER_SHARD,
        families: canon
            .families
            .iter()
            .map(|f| (f.code.as_str(), f.name.as_str()))
            .collect(),
        family_sizes: (0..canon.families.len())
            .map(|family| {
                let before = |doc: &SearchDoc<'_>| doc.family() < Some(family);
                let up_to = |doc: &SearchDoc<'_>| doc.family() <= Some(family);
                profile_docs.partition_point(up_to) - profile_docs.partition_point(before)
            })
            .collect(),
        levels: canon
            .ladder
            .levels
            .iter()
            .map(|l| (l.code.as_str(), l.name.as_str()))
            .collect(),
        doc_levels: DOC_LEVELS_FILE,
    };
    let bytes = to_json(&manifest);
    let manifest = format!("{SEARCH_DIR}manifest-{}.json", short_hash(&bytes));
    let engine = format!("{SEARCH_DIR}engine-{}.js", short_hash(ENGINE_JS.as_bytes()));
    let mut files: Vec<(String, Vec<u8>)> = shards
        .into_iter()
        .map(|(name, bytes)| (format!("{SEARCH_DIR}{dir}{name}"), bytes))
        .collect();
    files.push((manifest.clone(), bytes));
    files.push((engine.clone(), ENGINE_JS.as_bytes().to_vec()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    SearchFiles {
        paths: SearchPaths { manifest, engine },
        files,
    }
}

/// One file per group of `entries` that `shard_by_prefix` made: `{kind}-{hex(prefix)}.json`,
/// holding `{key: value(entry)}`.
fn shard_files<T, V: Serialize>(
    kind: &str,
    entries: &[(&str, T)],
    groups: &[(String, std::ops::Range<usize>)],
    value: impl Fn(&T) -> V,
) -> Vec<(String, Vec<u8>)> {
    groups
        .iter()
        .map(|(prefix, range)| {
            let shard: BTreeMap<&str, V> = entries[range.clone()]
                .iter()
                .map(|(key, entry)| (*key, value(entry)))
                .collect();
            let name = format!("{kind}-{}.json", hex(prefix.as_bytes()));
            (name, to_json(&shard))
        })
        .collect()
}

/// The file of each profile doc's level, in the shard folder.
const DOC_LEVELS_FILE: &str = "levels.json";

/// One hash over every shard's name and bytes: names the shard folder, so a changed index is
/// fetched afresh and an unchanged one stays cached.
fn shards_hash(shards: &[(String, Vec<u8>)]) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, bytes) in shards {
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().to_hex()[..10].to_string()
}

/// A word's stem as a word shard stores it: the stem's length in characters when the stem
/// starts the word (`negotiation` → 6 for `negoti`), else the stem (`policy` → `polici`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(untagged)]
pub enum WordStem<'s> {
    Length(usize),
    Stem(&'s str),
}

impl<'s> WordStem<'s> {
    fn of(word: &str, stem: &'s str) -> Self {
        if word.starts_with(stem) {
            WordStem::Length(stem.chars().count())
        } else {
            WordStem::Stem(stem)
        }
    }
}

/// Word shards are split by a longer prefix while they hold more words than this.
pub const MAX_WORDS_PER_SHARD: usize = 1500;

/// The inverted index in memory: each term's postings (`(doc, mask)`, docs ascending, one per
/// doc) and each word of the site with its term.
#[derive(Debug, Default)]
pub struct Index {
    pub postings: BTreeMap<String, Vec<(usize, u64)>>,
    pub words: BTreeMap<String, String>,
}

impl Index {
    pub fn of(docs: &[SearchDoc<'_>], stemmer: Option<&Stemmer>) -> Self {
        let mut index = Index::default();
        for (number, doc) in docs.iter().enumerate() {
            for (text, mask) in doc.fields() {
                index.add(number, text, mask, stemmer);
            }
            for (_, text) in &doc.n {
                index.add(number, text, IN_LINE, stemmer);
            }
        }
        index
    }

    fn add(&mut self, doc: usize, text: &str, mask: u64, stemmer: Option<&Stemmer>) {
        for word in tokens(text) {
            let term = match self.words.get(&word) {
                Some(term) => term.clone(),
                None => {
                    let term = stem(&word, stemmer);
                    self.words.insert(word, term.clone());
                    term
                }
            };
            let list = self.postings.entry(term).or_default();
            // Docs arrive in order, so a doc already listed is the last posting.
            match list.last_mut() {
                Some((last, kinds)) if *last == doc => *kinds |= mask,
                _ => list.push((doc, mask)),
            }
        }
    }
}

/// The term the index keeps for a word: its stem, or the word itself.
pub fn stem(word: &str, stemmer: Option<&Stemmer>) -> String {
    match stemmer {
        Some(stemmer) => stemmer.stem(word).into_owned(),
        None => word.to_string(),
    }
}

/// A term's postings as the shard stores them: one number per doc, `gap × 8 + mask`, where the
/// gap is the doc number minus the previous posting's (the first, minus 0) and the mask says
/// where the term occurs (`IN_ID_OR_TITLE | IN_NAME | IN_LINE`). Docs ascend, so gaps are small,
/// and a term on every profile's lines is a run of `12` that gzip all but removes.
fn compact_postings(list: &[(usize, u64)]) -> Vec<u64> {
    let mut previous = 0;
    list.iter()
        .map(|&(doc, mask)| {
            let gap = (doc - previous) as u64;
            previous = doc;
            gap * POSTING_KINDS + mask
        })
        .collect()
}

/// The Snowball stemmer for a canon `language` (its primary subtag: `en`, `en-GB` → English);
/// `None` where Snowball has none, and the index keeps whole words.
pub fn stemmer_for(language: &str) -> Option<Stemmer> {
    use rust_stemmers::Algorithm;
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    let algorithm = match primary.as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Groups entries (sorted by key, so equal prefixes are adjacent) by their keys' first
/// characters, one character at first and one more while a group weighs more than `max`;
/// returns each group's prefix and range.
fn shard_by_prefix<T>(
    entries: &[(&str, T)],
    weight: impl Fn(&T) -> usize + Copy,
    max: usize,
) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    split_by_prefix(entries, 0, 1, weight, max, &mut out);
    out
}

fn split_by_prefix<T>(
    entries: &[(&str, T)],
    offset: usize,
    depth: usize,
    weight: impl Fn(&T) -> usize + Copy,
    max: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let prefix_of = |key: &str| key.chars().take(depth).collect::<String>();
    let mut start = 0;
    while start < entries.len() {
        let prefix = prefix_of(entries[start].0);
        let len = entries[start..]
            .iter()
            .take_while(|(key, _)| prefix_of(key) == prefix)
            .count();
        let group = &entries[start..start + len];
        let size: usize = group.iter().map(|(_, value)| weight(value)).sum();
        let splittable =
            depth < MAX_PREFIX_CHARS && group.iter().any(|(key, _)| key.chars().count() > depth);
        if size > max && splittable {
            split_by_prefix(group, offset + start, depth + 1, weight, max, out);
        } else {
            out.push((prefix, offset + start..offset + start + len));
        }
        start += len;
    }
}

pub fn short_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..10].to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every profile as a search document, in canon order, then every guide page in menu order.
pub fn documents(canon: &Canon) -> Vec<SearchDoc<'_>> {
    let profiles = canon.families.iter().enumerate().flat_map(|(f, family)| {
        family.roles.iter().flat_map(move |role| {
            role.profiles.iter().map(move |profile| SearchDoc {
                t: role.profile_title(profile),
                u: urls::index_of(&urls::profile_dir(family, role, profile)),
                about: About::Profile {
                    i: role.profile_id(family, profile),
                    f,
                    l: &profile.level,
                    r: &role.name,
                    family_name: &family.name,
                },
                n: profile_lines(profile)
                    .into_iter()
                    .map(|line| (line.anchor, Cow::Borrowed(line.text)))
                    .collect(),
            })
        })
    });
    let guides = canon.guides.iter().map(|guide| SearchDoc {
        t: guide.title.clone(),
        u: urls::index_of(&urls::guide_dir(&guide.path)),
        about: About::Guide {
            g: guide.description.as_deref().unwrap_or_default(),
        },
        n: text_blocks(&guide.markdown)
            .into_iter()
            .map(|block| (block.anchor, Cow::Owned(block.text)))
            .collect(),
    });
    profiles.chain(guides).collect()
}

/// Gzip bytes a reader downloads, at the worst, to see a first search result for one word,
/// apart from the search page itself: the theme's scripts and stylesheets, the search engine,
/// the manifest, the largest word shard, term shard and document shard (largest by raw size;
/// compressed sizes follow them closely).
pub fn first_result_bytes(assets: &[(String, Vec<u8>)], search: &SearchFiles) -> u64 {
    let largest = |kind: &str| {
        search
            .files
            .iter()
            .filter(|(path, _)| {
                path.rsplit_once('/')
                    .is_some_and(|(_, name)| name.starts_with(kind))
            })
            .max_by_key(|(_, bytes)| bytes.len())
            .map_or(0, |(_, bytes)| gzip_len(bytes))
    };
    let file = |wanted: &str| {
        search
            .files
            .iter()
            .find(|(path, _)| path == wanted)
            .map_or(0, |(_, bytes)| gzip_len(bytes))
    };
    let scripts_and_styles: u64 = assets
        .iter()
        .filter(|(path, _)| path.ends_with(".js") || path.ends_with(".css"))
        .map(|(_, bytes)| gzip_len(bytes))
        .sum();
    scripts_and_styles
        + file(&search.paths.engine)
        + file(&search.paths.manifest)
        + largest("w-")
        + largest("t-")
        + largest("d-")
}

/// The size of `bytes` gzip-compressed, as a web server would send them.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_stored_as_doc_gaps_times_eight_plus_where() {
        let list = [(3, IN_ID_OR_TITLE | IN_LINE), (10, IN_LINE), (400, IN_NAME)];
        assert_eq!(compact_postings(&list), [3 * 8 + 5, 7 * 8 + 4, 390 * 8 + 2]);
        assert!(compact_postings(&[]).is_empty());
    }

    #[test]
    fn tokens_are_lowercase_words_without_stop_words() {
        let words: Vec<String> =
            tokens("Shapes the Channel-sales strategy; P5 — ÉQUIPE a").collect();
        assert_eq!(
            words,
            ["shapes", "channel", "sales", "strategy", "p5", "équipe"]
        );
    }
}
