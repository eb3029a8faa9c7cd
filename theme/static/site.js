// jobframe default theme script: copy and print buttons on goal pages, scrollable-table hints
// and the search page. Loaded with `defer`; no inline script anywhere (the pages' CSP forbids it).
"use strict";

(function copyButtons() {
  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.addEventListener("click", async () => {
      const block = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector(".copy-status");
      const say = (text) => { if (status) status.textContent = text; };
      if (!block) return;
      try {
        await navigator.clipboard.writeText(block.textContent);
        say("Copied.");
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(block);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
      }
    });
  }
})();

// A Print button prints its framework alone, as the plain text the Copy button copies, under
// the page title and profile ID. The sheet exists only while printing.
(function printOneFramework() {
  const root = document.documentElement;
  const clear = () => {
    root.classList.remove("printing-one");
    for (const sheet of document.querySelectorAll(".print-sheet")) sheet.remove();
  };
  for (const button of document.querySelectorAll("button.print-block[data-print]")) {
    button.addEventListener("click", () => {
      const block = document.getElementById(button.dataset.print);
      if (!block) return;
      clear();
      const sheet = document.createElement("section");
      sheet.className = "print-sheet";
      const title = document.createElement("p");
      title.className = "print-title";
      title.textContent = document.querySelector("main h1")?.textContent || document.title;
      const meta = document.createElement("p");
      meta.className = "print-meta";
      const id = document.querySelector("[data-profile-id]")?.textContent;
      meta.textContent = [button.dataset.title, id].filter(Boolean).join(" · ");
      const text = document.createElement("pre");
      text.textContent = block.textContent;
      sheet.append(title, meta, text);
      document.body.append(sheet);
      root.classList.add("printing-one");
      window.print();
    });
  }
  window.addEventListener("afterprint", clear);
})();

// Marks each table frame that is narrower than its table, so the theme can say it scrolls.
(function scrollableFrames() {
  const frames = document.querySelectorAll(".table-wrap");
  if (!frames.length || !("ResizeObserver" in window)) return;
  const check = (frame) => frame.toggleAttribute("data-scrolls", frame.scrollWidth > frame.clientWidth + 1);
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => check(entry.target)));
  frames.forEach((frame) => observer.observe(frame));
})();

// Search: must tokenise exactly like `site::search::tokens` in the Rust build.
const STOP_WORDS = new Set(["a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]);
const FIELD = -1;
const MAX_RESULTS = 50;

function tokens(text) {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => [...word].length >= 2)
    .map((word) => word.toLowerCase())
    .filter((word) => !STOP_WORDS.has(word));
}

// Text with each word that starts with a query token wrapped in <mark>, built as DOM nodes.
function highlighted(text, query) {
  const fragment = document.createDocumentFragment();
  for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
    if (!part) continue;
    const word = part.toLowerCase();
    if (query.some((token) => word.startsWith(token))) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      fragment.append(mark);
    } else {
      fragment.append(part);
    }
  }
  return fragment;
}

(function searchPage() {
  const form = document.getElementById("search-app");
  if (!form) return;
  const input = form.querySelector("#q");
  const familySelect = form.querySelector("#family");
  const levelSelect = form.querySelector("#level");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const manifestUrl = new URL(form.dataset.manifest, document.baseURI);
  const rootUrl = new URL(form.dataset.root || "./", document.baseURI);
  const cache = new Map();
  let manifest = null;
  let latest = 0;

  const fetchJson = (name) => {
    const url = new URL(name, manifestUrl).href;
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${response.status} for ${url}`);
        return response.json();
      }));
    }
    return cache.get(url);
  };

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  familySelect.value = params.get("family") || "";
  levelSelect.value = params.get("level") || "";

  function shardsFor(token) {
    return Object.keys(manifest.terms)
      .filter((prefix) => token.startsWith(prefix) || prefix.startsWith(token))
      .map((prefix) => manifest.terms[prefix]);
  }

  // doc number -> { score, lines: Set of line indices }
  async function matchesFor(token) {
    const shards = await Promise.all(shardsFor(token).map(fetchJson));
    const found = new Map();
    for (const shard of shards) {
      for (const [term, postings] of Object.entries(shard)) {
        if (!term.startsWith(token)) continue;
        const exact = term === token ? 1 : 0;
        // Flat [gap, line, gap, line, …]: each doc number is a gap from the previous one.
        let doc = 0;
        for (let i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          const line = postings[i + 1];
          const hit = found.get(doc) || { score: 0, lines: new Set() };
          hit.score += (line === FIELD ? 3 : 1) + exact;
          if (line !== FIELD) hit.lines.add(line);
          found.set(doc, hit);
        }
      }
    }
    return found;
  }

  function allowed(doc) {
    const family = familySelect.value;
    const level = levelSelect.value;
    if (family) {
      const index = manifest.families.findIndex(([code]) => code === family);
      const [start, end] = manifest.family_ranges[index] || [0, 0];
      if (doc < start || doc >= end) return false;
    }
    if (level) {
      const index = manifest.levels.findIndex(([code]) => code === level);
      if (manifest.doc_levels[doc] !== index) return false;
    }
    return true;
  }

  async function docsFor(numbers) {
    const per = manifest.docs_per_shard;
    const shardIndexes = [...new Set(numbers.map((n) => Math.floor(n / per)))];
    const shards = new Map();
    await Promise.all(shardIndexes.map(async (i) => shards.set(i, await fetchJson(manifest.docs[i]))));
    return numbers.map((n) => shards.get(Math.floor(n / per))[n % per]);
  }

  function render(query, results, total) {
    list.replaceChildren();
    if (!query.length) {
      status.textContent = "Type a word to search titles, profile IDs, names, levels and responsibilities.";
      return;
    }
    if (!total) {
      status.textContent = `No profiles match “${input.value.trim()}”${familySelect.value || levelSelect.value ? " with these filters" : ""}.`;
      return;
    }
    status.textContent = total > results.length
      ? `${total} profiles match; showing the first ${results.length}.`
      : `${total} ${total === 1 ? "profile matches" : "profiles match"}.`;
    for (const { doc, lines } of results) {
      const item = document.createElement("li");
      const title = document.createElement("a");
      title.className = "result-title";
      const firstLine = lines.length ? doc.n[lines[0]] : null;
      title.href = new URL(doc.u + (firstLine ? `#${firstLine[0]}` : ""), rootUrl).href;
      title.append(highlighted(doc.t, query));
      const meta = document.createElement("div");
      meta.className = "meta";
      const family = manifest.families[doc.f];
      meta.textContent = `${doc.i} · ${family ? family[1] : ""} · ${doc.r} · ${doc.l}`;
      item.append(title, meta);
      if (lines.length) {
        const ul = document.createElement("ul");
        for (const index of lines.slice(0, 3)) {
          const [anchor, text] = doc.n[index];
          const li = document.createElement("li");
          const link = document.createElement("a");
          link.href = new URL(`${doc.u}#${anchor}`, rootUrl).href;
          link.append(highlighted(text, query));
          li.append(link);
          ul.append(li);
        }
        item.append(ul);
      }
      list.append(item);
    }
  }

  async function run() {
    const run = ++latest;
    const query = tokens(input.value);
    const state = new URLSearchParams();
    if (input.value.trim()) state.set("q", input.value.trim());
    if (familySelect.value) state.set("family", familySelect.value);
    if (levelSelect.value) state.set("level", levelSelect.value);
    history.replaceState(null, "", state.toString() ? `?${state}` : location.pathname);
    if (!query.length) return render(query, [], 0);
    try {
      manifest = manifest || await fetchJson(manifestUrl.href);
      const perToken = await Promise.all(query.map(matchesFor));
      let docs = [...perToken[0].keys()].filter((doc) => perToken.every((m) => m.has(doc)) && allowed(doc));
      const scored = docs.map((doc) => {
        const lines = new Set();
        let score = 0;
        for (const m of perToken) { const hit = m.get(doc); score += hit.score; hit.lines.forEach((l) => lines.add(l)); }
        return { doc, score, lines: [...lines].sort((a, b) => a - b) };
      });
      scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
      const top = scored.slice(0, MAX_RESULTS);
      const records = await docsFor(top.map((s) => s.doc));
      if (run !== latest) return;
      render(query, top.map((s, i) => ({ doc: records[i], lines: s.lines })), scored.length);
    } catch (error) {
      if (run !== latest) return;
      status.textContent = location.protocol === "file:"
        ? "Search needs the site to be served over HTTP (for example `python3 -m http.server` in the site folder)."
        : `Search index could not be loaded (${error.message}).`;
    }
  }

  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(run, 120); };
  input.addEventListener("input", soon);
  familySelect.addEventListener("change", run);
  levelSelect.addEventListener("change", run);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await run();
    const first = list.querySelector("a.result-title");
    if (first) location.href = first.href;
  });
  run();
})();
