// Search for jobframe's minimal theme: one query box, one list of matching pages.
//
// It reads the index `jobframe build` writes under search/ (manifest version 3):
//   manifest  { profiles, terms: {prefix: shard file}, docs: [doc shard files], docs_per_shard,
//               families, … }       docs [0, profiles) are profiles, the rest guide pages
//   term shard { term: [gap, line, gap, line, …] }  doc number = running sum of the gaps;
//                                                   line -1 = title, name, ID or level code
//   doc shard  [ { t: title, u: page from the site root, n: [[anchor, line text], …],
//                  profiles: i: profile ID, f: family index, l: level code, r: role name;
//                  guide pages: g: description (anchors are heading ids, or "" above the first) } ]
// A query word matches every indexed term that starts with it; a page is listed when it
// matches all the words. Loaded only by the search page, with `defer`.
"use strict";

(() => {
  const form = document.getElementById("search-form");
  if (!form) return;
  const box = document.getElementById("q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const manifestUrl = new URL(form.dataset.manifest, location.href);
  const rootUrl = new URL(form.dataset.root || "./", location.href);

  const SHOWN = 40;
  const LINES_PER_RESULT = 3;
  const NOT_A_LINE = -1;
  // The build leaves these words out of the index (site::search::tokens), so the query does too.
  const SKIPPED = new Set("a an and are as at by for from in of on or the to with".split(" "));

  // Words as the build cuts them: runs of letters and digits, two or more, lower case.
  const wordsOf = (text) =>
    text
      .split(/[^\p{Alphabetic}\p{N}]+/u)
      .filter((word) => [...word].length >= 2)
      .map((word) => word.toLowerCase())
      .filter((word) => !SKIPPED.has(word));

  const fetched = new Map();
  const getJson = (name) => {
    const url = new URL(name, manifestUrl).href;
    if (!fetched.has(url)) {
      const request = fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return response.json();
      });
      request.catch(() => fetched.delete(url));
      fetched.set(url, request);
    }
    return fetched.get(url);
  };

  let manifest = null;
  const loadManifest = async () => {
    if (!manifest) {
      const loaded = await getJson(manifestUrl.href);
      if (loaded.version !== 3) throw new Error(`search index version ${loaded.version} is not supported`);
      manifest = loaded;
    }
    return manifest;
  };

  // Term shards are keyed by prefixes of different lengths: a word's terms are in the shard
  // whose prefix starts the word, or, for a word shorter than the prefixes, in every shard
  // whose prefix starts with the word.
  const shardsFor = (word) =>
    Object.entries(manifest.terms)
      .filter(([prefix]) => word.startsWith(prefix) || prefix.startsWith(word))
      .map(([, file]) => file);

  // doc number → { score, lines: Set of line indexes } for one query word.
  const hitsFor = async (word) => {
    const hits = new Map();
    for (const shard of await Promise.all(shardsFor(word).map(getJson))) {
      for (const [term, postings] of Object.entries(shard)) {
        if (!term.startsWith(word)) continue;
        const whole = term === word;
        let doc = 0;
        for (let at = 0; at < postings.length; at += 2) {
          doc += postings[at];
          const line = postings[at + 1];
          const hit = hits.get(doc) ?? { score: 0, lines: new Set() };
          // A title, name or ID outweighs a line; a whole word outweighs the start of one.
          hit.score += (line === NOT_A_LINE ? 4 : 1) * (whole ? 2 : 1);
          if (line !== NOT_A_LINE) hit.lines.add(line);
          hits.set(doc, hit);
        }
      }
    }
    return hits;
  };

  const recordsFor = async (docs) => {
    const per = manifest.docs_per_shard;
    const shards = await Promise.all(docs.map((doc) => getJson(manifest.docs[Math.floor(doc / per)])));
    return docs.map((doc, index) => shards[index][doc % per]);
  };

  const link = (href, text) => {
    const a = document.createElement("a");
    a.href = new URL(href, rootUrl).href;
    a.textContent = text;
    return a;
  };

  const show = (query, found, total) => {
    list.replaceChildren();
    if (!total) {
      status.textContent = `Nothing matches “${query}”.`;
      return;
    }
    status.textContent = total > found.length
      ? `${total} pages match “${query}”; the best ${found.length} are listed.`
      : `${total} ${total === 1 ? "page matches" : "pages match"} “${query}”.`;
    for (const { record, lines } of found) {
      const item = document.createElement("li");
      const family = manifest.families[record.f];
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = "g" in record
        ? ["Guide", record.g].filter(Boolean).join(" · ")
        : [record.i, family ? family[1] : "", record.l].filter(Boolean).join(" · ");
      item.append(link(record.u, record.t), meta);
      if (lines.length) {
        const matched = document.createElement("ul");
        for (const line of lines.slice(0, LINES_PER_RESULT)) {
          const [anchor, text] = record.n[line];
          const entry = document.createElement("li");
          entry.append(link(anchor ? `${record.u}#${anchor}` : record.u, text));
          matched.append(entry);
        }
        item.append(matched);
      }
      list.append(item);
    }
  };

  let latest = 0;
  const search = async () => {
    const run = ++latest;
    const query = box.value.trim();
    history.replaceState(null, "", query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    const words = wordsOf(query);
    if (!words.length) {
      list.replaceChildren();
      status.textContent = query ? "Type a word of two letters or more." : "";
      return;
    }
    try {
      await loadManifest();
      const perWord = await Promise.all(words.map(hitsFor));
      const ranked = [];
      for (const [doc] of perWord[0]) {
        if (!perWord.every((hits) => hits.has(doc))) continue;
        let score = 0;
        const lines = new Set();
        for (const hits of perWord) {
          const hit = hits.get(doc);
          score += hit.score;
          for (const line of hit.lines) lines.add(line);
        }
        ranked.push({ doc, score, lines: [...lines].sort((a, b) => a - b) });
      }
      ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
      const best = ranked.slice(0, SHOWN);
      const records = await recordsFor(best.map((entry) => entry.doc));
      if (run !== latest) return;
      show(query, best.map((entry, index) => ({ record: records[index], lines: entry.lines })), ranked.length);
    } catch (error) {
      if (run !== latest) return;
      list.replaceChildren();
      status.textContent = location.protocol === "file:"
        ? "Search works when the site is served over HTTP, not opened from a file."
        : `The search index could not be read: ${error.message}.`;
    }
  };

  let pending = 0;
  box.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(search, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pending);
    search();
  });
  box.value = new URLSearchParams(location.search).get("q") ?? "";
  if (box.value.trim()) search();
})();
