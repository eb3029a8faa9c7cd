// jobframe's search engine. `jobframe build` writes it beside the search index (search/engine-*.js),
// so every theme runs the same one; a theme's script calls `jobframeSearch.open(manifestUrl)` and
// renders what `search` returns. The index format is described in `site::search` (Rust).
//
// A typed word is read, in this order, as: a word of the site, or a stem the index keeps (its
// Snowball stem, from the word shards); a misspelling of a word of the site, for words of five
// letters or more that start no word of the site: one letter wrong, missing, extra, or two
// swapped (`managment` → management);
// another form of a word of the site (the longest indexed stem of 4+ letters it starts with:
// `mentoring` → mentor); the start of words of the site (typing in progress).
(function (root) {
  "use strict";

  // Must match `site::search::tokens` in the Rust build.
  const STOP_WORDS = new Set(["a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]);
  // Posting masks, as `site::search` writes them: a posting is `doc gap × KINDS + mask`.
  const IN_ID_OR_TITLE = 1;
  const IN_NAME = 2;
  const KINDS = 8;
  // The shortest stem a longer typed word is reduced to; the shortest word corrected as a typo.
  const STEM_MIN = 4;
  const TYPO_MIN = 5;
  // How a typed word was read, best first: its weight in the ranking.
  const READ_AS = { word: 3, prefix: 2, typo: 1 };

  function tokens(text) {
    return text
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => [...word].length >= 2)
      .map((word) => word.toLowerCase())
      .filter((word) => !STOP_WORDS.has(word));
  }

  // Whether `a` and `b` (arrays of characters) differ by exactly one letter wrong, missing, extra,
  // or two neighbours swapped.
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
    const same = (x, from, y, at) => x.length - from === y.length - at && x.slice(from).every((c, k) => c === y[at + k]);
    if (a.length === b.length) {
      if (i === a.length) return false;
      return same(a, i + 1, b, i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && same(a, i + 2, b, i + 2));
    }
    return a.length > b.length ? same(a, i + 1, b, i) : same(a, i, b, i + 1);
  }

  // The longest listed prefix `key` starts with: the one shard that can hold `key`.
  function shardOf(prefixes, key) {
    let best = null;
    for (const prefix of prefixes) {
      if (key.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
    }
    return best;
  }

  const hex = (text) => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");

  async function fetchJson(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status} for ${url}`);
    return response.json();
  }

  // Opens the index at `manifestUrl` (absolute). `load(url)` returns a promise of parsed JSON;
  // by default `fetch`. Files are loaded once, when a query first needs them.
  function open(manifestUrl, load = fetchJson) {
    const cache = new Map();
    const get = (name) => {
      const url = new URL(name, manifestUrl).href;
      if (!cache.has(url)) cache.set(url, load(url));
      return cache.get(url);
    };
    let manifest = null;
    const ready = async () => (manifest = manifest || await get(manifestUrl));
    const inDir = (file) => manifest.dir + file;

    // The site's words in the word shards whose prefix is related to `word` or starts with one
    // of `firsts` (characters): a Map word → stem.
    async function words(word, firsts) {
      const wanted = manifest.words.filter((p) => word.startsWith(p) || p.startsWith(word) || firsts.includes([...p][0]));
      const shards = await Promise.all(wanted.map((p) => get(inDir(`w-${hex(p)}.json`))));
      const found = new Map();
      for (const shard of shards) {
        for (const [w, stem] of Object.entries(shard)) {
          found.set(w, typeof stem === "number" ? [...w].slice(0, stem).join("") : stem);
        }
      }
      return found;
    }

    // How the typed `word` is read: { how, stems: [terms], shown: [corrected words], known: the
    // site words looked at (word → stem) }, or null.
    async function read(word) {
      const letters = [...word];
      let known = await words(word, []);
      const reading = (how, stems, shown = []) => ({ how, stems, shown, known });
      if (known.has(word)) return reading("word", [known.get(word)]);
      const stems = new Set(known.values());
      if (stems.has(word)) return reading("word", [word]);
      let form = null;
      if (manifest.stemmed) {
        for (const stem of stems) {
          if ([...stem].length >= STEM_MIN && word.startsWith(stem) && (!form || stem.length > form.length)) form = stem;
        }
      }
      // A word that starts words of the site is being typed, not misspelt. Site words one edit
      // away that only add or drop a last letter and have the stem the word reduces to are
      // other forms of it (negotiate, negotiates), not corrections.
      const started = [...known.keys()].filter((w) => w.startsWith(word));
      if (letters.length >= TYPO_MIN && !started.length) {
        known = await words(word, [letters[0], letters[1]]);
        const inflection = (w) => known.get(w) === form && (w.startsWith(word) || word.startsWith(w));
        const typos = [...known.keys()].filter((w) => oneEditApart(letters, [...w]) && !inflection(w)).sort();
        if (typos.length) return reading("typo", [...new Set(typos.map((w) => known.get(w)))], typos);
      }
      if (form) return reading("word", [form]);
      if (started.length) return reading("prefix", [...new Set(started.map((w) => known.get(w)))]);
      return null;
    }

    // doc → the mask of where any of `stems` occurs in it.
    async function postings(stems) {
      const lists = await Promise.all(stems.map(async (stem) => {
        const prefix = shardOf(manifest.terms, stem);
        if (prefix === null) return [];
        const shard = await get(inDir(`t-${hex(prefix)}.json`));
        return Object.prototype.hasOwnProperty.call(shard, stem) ? shard[stem] : [];
      }));
      const found = new Map();
      for (const list of lists) {
        let doc = 0;
        for (const value of list) {
          doc += Math.floor(value / KINDS);
          found.set(doc, (found.get(doc) || 0) | (value % KINDS));
        }
      }
      return found;
    }

    // Where a mask matched, as a weight: ID or title 3, role or family name 2, a line 1.
    const placeWeight = (mask) => (mask & IN_ID_OR_TITLE ? 3 : mask & IN_NAME ? 2 : 1);

    // The docs a filter keeps: { family: code, level: code, profilesOnly }.
    async function filterFor({ family = "", level = "", profilesOnly = false } = {}) {
      let start = 0;
      let end = Infinity;
      if (family) {
        const position = manifest.families.findIndex(([code]) => code === family);
        if (position < 0) return () => false;
        start = manifest.family_sizes.slice(0, position).reduce((sum, n) => sum + n, 0);
        end = start + manifest.family_sizes[position];
      }
      if (profilesOnly || family || level) end = Math.min(end, manifest.profiles);
      const levels = level ? await get(inDir(manifest.doc_levels)) : null;
      const wantedLevel = level ? manifest.levels.findIndex(([code]) => code === level) : -1;
      return (doc) => doc >= start && doc < end && (!levels || levels[doc] === wantedLevel);
    }

    // Searches for `text`: { words, total, every, hits: [{ doc, matched, score }], corrections:
    // [{ typed, words }], marks, manifest }. Hits are best first: more typed words matched, then
    // a higher score (each word: how it was read × 10 + where it matched best), then site order.
    async function search(text, filter = {}) {
      await ready();
      const typed = [...new Set(tokens(text))];
      const readings = await Promise.all(typed.map(read));
      const allowed = await filterFor(filter);
      const perWord = await Promise.all(readings.map((reading) => (reading ? postings(reading.stems) : new Map())));
      const scores = new Map();
      perWord.forEach((found, w) => {
        for (const [doc, mask] of found) {
          if (!allowed(doc)) continue;
          const hit = scores.get(doc) || { doc, matched: 0, score: 0 };
          hit.matched += 1;
          hit.score += READ_AS[readings[w].how] * 10 + placeWeight(mask);
          scores.set(doc, hit);
        }
      });
      const hits = [...scores.values()].sort((a, b) => b.matched - a.matched || b.score - a.score || a.doc - b.doc);
      const corrections = typed
        .map((word, w) => ({ typed: word, words: readings[w] && readings[w].how === "typo" ? readings[w].shown : [] }))
        .filter((c) => c.words.length);
      return {
        words: typed,
        total: hits.length,
        every: hits.filter((hit) => hit.matched === typed.length).length,
        hits,
        corrections,
        marks: marksFor(typed, readings),
        manifest,
      };
    }

    // What to highlight: the site's words whose stem matched, and the typed starts of words.
    function marksFor(typed, readings) {
      const marked = new Set();
      const starts = [];
      typed.forEach((word, w) => {
        const reading = readings[w];
        if (!reading) return;
        if (reading.how === "prefix") starts.push(word);
        const stems = new Set(reading.stems);
        for (const [known, stem] of reading.known) if (stems.has(stem)) marked.add(known);
      });
      return { words: marked, starts };
    }

    // The records of docs `numbers`, in that order.
    async function records(numbers) {
      await ready();
      const per = manifest.docs_per_shard;
      return Promise.all(numbers.map(async (n) => (await get(inDir(`d-${Math.floor(n / per)}.json`)))[n % per]));
    }

    return { search, records };
  }

  const isMarked = (word, marks) => marks.words.has(word) || marks.starts.some((start) => word.startsWith(start));

  // `text` cut into [part, marked] pieces: the words to highlight and the text between them.
  function highlight(text, marks) {
    return text
      .split(/([\p{L}\p{N}]+)/u)
      .filter(Boolean)
      .map((part) => [part, /[\p{L}\p{N}]/u.test(part) && isMarked(part.toLowerCase(), marks)]);
  }

  // `text` as DOM nodes (browsers only), the words `marks` names wrapped in <mark>.
  function highlightedNodes(text, marks) {
    const fragment = document.createDocumentFragment();
    for (const [part, marked] of highlight(text, marks)) {
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        fragment.append(mark);
      } else {
        fragment.append(part);
      }
    }
    return fragment;
  }

  // The indexes of a record's lines that hold a marked word, lines with more different marked
  // words first.
  function matchedLines(record, marks) {
    return record.n
      .map(([, text], index) => ({ index, count: new Set(tokens(text).filter((word) => isMarked(word, marks))).size }))
      .filter((line) => line.count > 0)
      .sort((a, b) => b.count - a.count || a.index - b.index)
      .map((line) => line.index);
  }

  root.jobframeSearch = { open, tokens, highlight, highlightedNodes, matchedLines };
})(typeof globalThis === "object" ? globalThis : this);
