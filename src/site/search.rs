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
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 400;
/// Posting `line` value for matches in a title, name or code rather than a line.
pub const FIELD: i32 = -1;

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
    },
    Guide {
        /// The page's description, or empty.
        g: &'a str,
    },
}

impl SearchDoc<'_> {
    /// The words that match as a title, name or code rather than as a line.
    fn fields(&self) -> Vec<&str> {
        match &self.about {
            About::Profile { i, l, r, .. } => vec![&self.t, i, r, l],
            About::Guide { g } => vec![&self.t, g],
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

/// The files of the index: `search/…` paths and their bytes, plus the manifest's path.
#[derive(Debug)]
pub struct SearchFiles {
    pub manifest: String,
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Docs `[0, profiles)` are profiles; the rest are guide pages.
    profiles: usize,
    /// Terms are Snowball stems (`negoti` for negotiate, negotiation, negotiating): a typed
    /// word also matches the stems it starts with. False: terms are whole words.
    stemmed: bool,
    /// Term prefix → shard file (relative to the manifest).
    terms: BTreeMap<String, String>,
    docs: Vec<String>,
    docs_per_shard: usize,
    families: Vec<(&'a str, &'a str)>,
    /// Profile docs are in canon order, so each family's docs are one range `[start, end)`.
    family_ranges: Vec<(usize, usize)>,
    levels: Vec<(&'a str, &'a str)>,
    /// Each profile doc's level, as an index into `levels`; lets the level filter run before
    /// any document shard is fetched.
    doc_levels: Vec<usize>,
}

/// Builds the index. `docs` are the profiles in canon order, then the guide pages; a doc's
/// number is its position.
pub fn build(canon: &Canon, docs: &[SearchDoc<'_>]) -> SearchFiles {
    let stemmer = stemmer_for(&canon.settings.language);
    let postings = postings(docs, stemmer.as_ref());
    let profiles = docs.partition_point(|doc| doc.family().is_some());
    let profile_docs = &docs[..profiles];
    let entries: Vec<Entry<'_>> = postings
        .iter()
        .map(|(term, list)| (term.as_str(), list.as_slice()))
        .collect();
    let mut shards = Vec::new();
    shard_terms(&entries, 1, &mut shards);
    let mut files = Vec::new();
    let mut terms = BTreeMap::new();
    for (prefix, shard) in shards {
        let shard: BTreeMap<&str, Vec<i64>> = shard
            .into_iter()
            .map(|(term, list)| (term, compact_postings(list)))
            .collect();
        let bytes = to_json(&shard);
        let name = format!("t-{}-{}.json", hex(prefix.as_bytes()), short_hash(&bytes));
        terms.insert(prefix, name.clone());
        files.push((format!("{SEARCH_DIR}{name}"), bytes));
    }
    let mut doc_names = Vec::new();
    for (index, chunk) in docs.chunks(DOCS_PER_SHARD).enumerate() {
        let bytes = to_json(&chunk);
        let name = format!("d-{index}-{}.json", short_hash(&bytes));
        doc_names.push(name.clone());
        files.push((format!("{SEARCH_DIR}{name}"), bytes));
    }
    let manifest = Manifest {
        version: 3,
        profiles,
        stemmed: stemmer.is_some(),
        terms,
        docs: doc_names,
        docs_per_shard: DOCS_PER_SHARD,
        families: canon
            .families
            .iter()
            .map(|f| (f.code.as_str(), f.name.as_str()))
            .collect(),
        family_ranges: (0..canon.families.len())
            .map(|family| {
                let before = |doc: &SearchDoc<'_>| doc.family() < Some(family);
                let up_to = |doc: &SearchDoc<'_>| doc.family() <= Some(family);
                (
                    profile_docs.partition_point(before),
                    profile_docs.partition_point(up_to),
                )
            })
            .collect(),
        levels: canon
            .ladder
            .levels
            .iter()
            .map(|l| (l.code.as_str(), l.name.as_str()))
            .collect(),
        doc_levels: profile_docs
            .iter()
            .map(|doc| match doc.about {
                About::Profile { l, .. } => canon.ladder.level_index(l).unwrap_or(usize::MAX),
                About::Guide { .. } => usize::MAX,
            })
            .collect(),
    };
    let bytes = to_json(&manifest);
    let manifest = format!("{SEARCH_DIR}manifest-{}.json", short_hash(&bytes));
    files.push((manifest.clone(), bytes));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    SearchFiles { manifest, files }
}

type Postings = BTreeMap<String, Vec<(usize, i32)>>;

/// A term's postings as the shard stores them: a flat `[gap, line, gap, line, …]`, where each
/// gap is the doc number minus the previous posting's (the first, minus 0). Docs ascend, so gaps
/// are small and a common term's list is a fraction of `[[doc, line], …]` before and after gzip.
fn compact_postings(list: &[(usize, i32)]) -> Vec<i64> {
    let mut previous = 0;
    let mut flat = Vec::with_capacity(list.len() * 2);
    for &(doc, line) in list {
        flat.push((doc - previous) as i64);
        flat.push(i64::from(line));
        previous = doc;
    }
    flat
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

/// The terms of `text` as the index keeps them: its words' stems, or the words themselves.
fn terms<'t>(text: &'t str, stemmer: Option<&'t Stemmer>) -> impl Iterator<Item = String> + 't {
    tokens(text).map(move |word| match stemmer {
        Some(stemmer) => stemmer.stem(&word).into_owned(),
        None => word,
    })
}

fn postings(docs: &[SearchDoc<'_>], stemmer: Option<&Stemmer>) -> Postings {
    let mut index: Postings = BTreeMap::new();
    for (number, doc) in docs.iter().enumerate() {
        let field_tokens = doc
            .fields()
            .into_iter()
            .flat_map(|text| terms(text, stemmer))
            .map(|token| (token, FIELD));
        let line_tokens = doc.n.iter().enumerate().flat_map(|(line, (_, text))| {
            terms(text, stemmer).map(move |token| (token, line as i32))
        });
        for (token, line) in field_tokens.chain(line_tokens) {
            let list = index.entry(token).or_default();
            // Docs arrive in order, and a doc's postings in line order (fields first), so a
            // repeat can only be the last posting. (Scanning back over this doc's postings made
            // a profile with n lines sharing a word cost n².)
            if list.last() != Some(&(number, line)) {
                list.push((number, line));
            }
        }
    }
    index
}

type Entry<'p> = (&'p str, &'p [(usize, i32)]);

/// Groups terms (sorted, so equal prefixes are adjacent) by their first `depth` characters,
/// splitting a group by one more character while it is too large.
fn shard_terms<'p>(entries: &[Entry<'p>], depth: usize, out: &mut Vec<(String, Vec<Entry<'p>>)>) {
    let prefix_of = |term: &str| term.chars().take(depth).collect::<String>();
    let mut start = 0;
    while start < entries.len() {
        let prefix = prefix_of(entries[start].0);
        let len = entries[start..]
            .iter()
            .take_while(|(term, _)| prefix_of(term) == prefix)
            .count();
        let group = &entries[start..start + len];
        let size: usize = group.iter().map(|(_, list)| list.len()).sum();
        let splittable =
            depth < MAX_PREFIX_CHARS && group.iter().any(|(term, _)| term.chars().count() > depth);
        if size > MAX_POSTINGS_PER_SHARD && splittable {
            shard_terms(group, depth + 1, out);
        } else {
            out.push((prefix, group.to_vec()));
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

/// Gzip bytes a reader downloads, at the worst, to see a first search result, apart from the
/// search page itself: the theme's script and stylesheet, the manifest, the largest term shard
/// and the largest document shard (largest by raw size; compressed sizes follow them closely).
pub fn first_result_bytes(assets: &[(String, Vec<u8>)], search: &SearchFiles) -> u64 {
    let largest = |prefix: &str| {
        search
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .max_by_key(|(_, bytes)| bytes.len())
            .map_or(0, |(_, bytes)| gzip_len(bytes))
    };
    let manifest = search
        .files
        .iter()
        .find(|(path, _)| *path == search.manifest)
        .map_or(0, |(_, bytes)| gzip_len(bytes));
    let scripts_and_styles: u64 = assets
        .iter()
        .filter(|(path, _)| path.ends_with(".js") || path.ends_with(".css"))
        .map(|(_, bytes)| gzip_len(bytes))
        .sum();
    scripts_and_styles
        + manifest
        + largest(&format!("{SEARCH_DIR}t-"))
        + largest(&format!("{SEARCH_DIR}d-"))
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
    fn postings_are_stored_as_doc_gaps_and_lines() {
        let list = [(3, FIELD), (3, 0), (3, 2), (10, 1), (400, FIELD)];
        assert_eq!(compact_postings(&list), [3, -1, 0, 0, 0, 2, 7, 1, 390, -1]);
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
