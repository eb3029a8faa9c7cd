// Search for jobframe's minimal theme: one query box, one list of matching profiles.
//
// It reads the index `jobframe build` writes under search/ (manifest version 2):
//   manifest  { terms: {prefix: shard file}, docs: [doc shard files], docs_per_shard, families, … }
//   term shard { term: [gap, line, gap, line, …] }  doc number = running sum of the gaps;
//                                                   line -1 = title, name, ID or level code
//   doc shard  [ { t: title, u: profile page from the site root, i: profile ID,
//                  f: family index, l: level code, r: role name, n: [[anchor, line text], …] } ]
// A query word matches every indexed term that starts with it; a profile is listed when it
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
      if (loaded.version !== 2) throw new Error(`search index version ${loaded.version} is not supported`);
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
      status.textContent = `No profile matches “${query}”.`;
      return;
    }
    status.textContent = total > found.length
      ? `${total} profiles match “${query}”; the best ${found.length} are listed.`
      : `${total} ${total === 1 ? "profile matches" : "profiles match"} “${query}”.`;
    for (const { record, lines } of found) {
      const item = document.createElement("li");
      const family = manifest.families[record.f];
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [record.i, family ? family[1] : "", record.l].filter(Boolean).join(" · ");
      item.append(link(record.u, record.t), meta);
      if (lines.length) {
        const matched = document.createElement("ul");
        for (const line of lines.slice(0, LINES_PER_RESULT)) {
          const [anchor, text] = record.n[line];
          const entry = document.createElement("li");
          entry.append(link(`${record.u}#${anchor}`, text));
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
