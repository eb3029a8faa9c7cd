// Search for jobframe's minimal theme: one query box, one list of matching pages.
//
// The finding is done by the engine `jobframe build` writes beside the index (the template loads
// `page.engine` first): `jobframeSearch.open(manifestUrl).search(text)` reads words, forms and
// typos and ranks; `records(docs)` loads what to show. This script only lists the results:
//   record  { t: title, u: page from the site root, n: [[anchor, line text], …],
//             profiles: i: profile ID, f: family index, l: level code, r: role name;
//             guide pages: g: description (anchors are heading ids, or "" above the first) }
// Loaded only by the search page, with `defer`.
"use strict";

(() => {
  const form = document.getElementById("search-form");
  if (!form) return;
  const box = document.getElementById("q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const index = jobframeSearch.open(new URL(form.dataset.manifest, location.href).href);
  const rootUrl = new URL(form.dataset.root || "./", location.href);

  const SHOWN = 20;
  const LINES_PER_RESULT = 3;

  const link = (href, text, marks) => {
    const a = document.createElement("a");
    a.href = new URL(href, rootUrl).href;
    a.append(jobframeSearch.highlightedNodes(text, marks));
    return a;
  };

  const show = (query, found, records) => {
    list.replaceChildren();
    const corrected = found.corrections
      .map(({ typed, words }) => `No page has “${typed}”; showing results for “${words.join("”, “")}”. `)
      .join("");
    if (!found.total) {
      status.textContent = `${corrected}Nothing matches “${query}”.`;
      return;
    }
    status.textContent = corrected + (found.total > records.length
      ? `${found.total} pages match “${query}”; the best ${records.length} are listed.`
      : `${found.total} ${found.total === 1 ? "page matches" : "pages match"} “${query}”.`);
    for (const record of records) {
      const item = document.createElement("li");
      const family = found.manifest.families[record.f];
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = "g" in record
        ? ["Guide", record.g].filter(Boolean).join(" · ")
        : [record.i, family ? family[1] : "", record.l].filter(Boolean).join(" · ");
      item.append(link(record.u, record.t, found.marks), meta);
      const lines = jobframeSearch.matchedLines(record, found.marks);
      if (lines.length) {
        const matched = document.createElement("ul");
        for (const line of lines.slice(0, LINES_PER_RESULT)) {
          const [anchor, text] = record.n[line];
          const entry = document.createElement("li");
          entry.append(link(anchor ? `${record.u}#${anchor}` : record.u, text, found.marks));
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
    if (!jobframeSearch.tokens(query).length) {
      list.replaceChildren();
      status.textContent = query ? "Type a word of two letters or more." : "";
      return;
    }
    try {
      const found = await index.search(query);
      const records = await index.records(found.hits.slice(0, SHOWN).map((hit) => hit.doc));
      if (run !== latest) return;
      show(query, found, records);
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
