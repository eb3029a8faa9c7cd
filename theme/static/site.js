// jobframe default theme script: copy and print buttons on goal pages, the Guide menu,
// scrollable-table hints and the search page. Loaded with `defer`; no inline script anywhere (the pages' CSP forbids it).
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

// The header's Guide menu is a <details>: Escape closes it and returns focus to its button, and
// a click or focus outside it closes it, as a menu would.
(function navMenus() {
  const menus = [...document.querySelectorAll(".nav-menu details")];
  if (!menus.length) return;
  const closeOthers = (target) => {
    for (const menu of menus) if (menu.open && !menu.contains(target)) menu.open = false;
  };
  document.addEventListener("click", (event) => closeOthers(event.target));
  document.addEventListener("focusin", (event) => closeOthers(event.target));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = menus.find((menu) => menu.open);
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
})();

// Marks each table frame that is narrower than its table, so the theme can say it scrolls.
(function scrollableFrames() {
  const frames = document.querySelectorAll(".table-wrap");
  if (!frames.length || !("ResizeObserver" in window)) return;
  const check = (frame) => frame.toggleAttribute("data-scrolls", frame.scrollWidth > frame.clientWidth + 1);
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => check(entry.target)));
  frames.forEach((frame) => observer.observe(frame));
})();

// Search runs on the engine `jobframe build` writes beside the index (search/engine-*.js, loaded
// before this script on the search and compare pages); this part only shows what it finds.
const RESULTS_PER_PAGE = 10;

// Opens the index named by a page's `data-manifest`.
function openIndex(manifestHref) {
  return jobframeSearch.open(new URL(manifestHref, document.baseURI).href);
}

// Why an index or document could not be loaded, in words.
function loadFailure(error) {
  return location.protocol === "file:"
    ? "needs the site to be served over HTTP (for example `python3 -m http.server` in the site folder)"
    : `could not be loaded (${error.message})`;
}

// “a”, “a” or “b”, “a”, “b” or “c”.
function quotedList(words) {
  const quoted = words.map((word) => `“${word}”`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : quoted[0];
}

// What the status line says about a search's results.
function resultsSummary(found, shown, filtered, typed) {
  const corrected = found.corrections
    .map(({ typed: word, words }) => `No page has “${word}”; showing results for ${quotedList(words)}. `)
    .join("");
  if (!found.total) {
    return corrected + (filtered ? `No profiles match “${typed}” with these filters.` : `Nothing matches “${typed}”.`);
  }
  // After a correction the typed words are not what matched, so they are not repeated.
  const query = found.corrections.length ? "" : ` “${typed}”`;
  const pages = `${found.total} ${found.total === 1 ? "page matches" : "pages match"}${query}`;
  const every = found.words.length > 1 && found.every < found.total
    ? ` (${found.every} with every word)`
    : "";
  const showing = found.total > shown ? `; showing the first ${shown}` : "";
  return `${corrected}${pages}${every}${showing}.`;
}

(function searchPage() {
  const form = document.getElementById("search-app");
  if (!form) return;
  const input = form.querySelector("#q");
  const familySelect = form.querySelector("#family");
  const levelSelect = form.querySelector("#level");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const index = openIndex(form.dataset.manifest);
  const rootUrl = new URL(form.dataset.root || "./", document.baseURI);
  let latest = 0;
  let current = null;

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  familySelect.value = params.get("family") || "";
  levelSelect.value = params.get("level") || "";

  // A result's address: the page, at `anchor` when there is one (a guide page's text above its
  // first heading has none).
  const at = (doc, anchor) => new URL(doc.u + (anchor ? `#${anchor}` : ""), rootUrl).href;
  const isGuide = (doc) => "g" in doc;

  function resultItem(doc, found) {
    const { marks, manifest } = found;
    const lines = jobframeSearch.matchedLines(doc, marks);
    const item = document.createElement("li");
    const title = document.createElement("a");
    title.className = "result-title";
    title.href = at(doc, lines.length ? doc.n[lines[0]][0] : "");
    title.append(jobframeSearch.highlightedNodes(doc.t, marks));
    const meta = document.createElement("div");
    meta.className = "meta";
    if (isGuide(doc)) {
      meta.textContent = doc.g ? `Guide · ${doc.g}` : "Guide";
    } else {
      const family = manifest.families[doc.f];
      meta.textContent = `${doc.i} · ${family ? family[1] : ""} · ${doc.r} · ${doc.l}`;
    }
    item.append(title, meta);
    if (lines.length) {
      const ul = document.createElement("ul");
      for (const line of lines.slice(0, 3)) {
        const [anchor, text] = doc.n[line];
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = at(doc, anchor);
        link.append(jobframeSearch.highlightedNodes(text, marks));
        li.append(link);
        ul.append(li);
      }
      item.append(ul);
    }
    return item;
  }

  // Shows the next page of results of the current search.
  async function showMore(run) {
    const found = current;
    const shown = list.children.length;
    const next = found.hits.slice(shown, shown + RESULTS_PER_PAGE).map((hit) => hit.doc);
    const docs = await index.records(next);
    if (run !== latest) return;
    for (const doc of docs) list.append(resultItem(doc, found));
    const filtered = Boolean(familySelect.value || levelSelect.value);
    status.textContent = resultsSummary(found, list.children.length, filtered, input.value.trim());
    const left = found.total - list.children.length;
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(left, RESULTS_PER_PAGE)} more`;
  }

  async function run() {
    const run = ++latest;
    const state = new URLSearchParams();
    if (input.value.trim()) state.set("q", input.value.trim());
    if (familySelect.value) state.set("family", familySelect.value);
    if (levelSelect.value) state.set("level", levelSelect.value);
    history.replaceState(null, "", state.toString() ? `?${state}` : location.pathname);
    if (!jobframeSearch.tokens(input.value).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Type a word to search profiles (titles, IDs, names, levels, responsibilities) and guide pages.";
      return;
    }
    try {
      const found = await index.search(input.value, { family: familySelect.value, level: levelSelect.value });
      if (run !== latest) return;
      current = found;
      list.replaceChildren();
      more.hidden = true;
      await showMore(run);
    } catch (error) {
      if (run !== latest) return;
      status.textContent = `Search ${loadFailure(error)}.`;
    }
  }

  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(run, 120); };
  input.addEventListener("input", soon);
  familySelect.addEventListener("change", run);
  levelSelect.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const first = list.children.length;
    try {
      await showMore(latest);
    } catch (error) {
      status.textContent = `Search ${loadFailure(error)}.`;
    }
    const link = list.children[first] && list.children[first].querySelector("a.result-title");
    if (link) link.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // The search typing scheduled would start after this one and make it stale.
    clearTimeout(timer);
    await run();
    const first = list.querySelector("a.result-title");
    if (first) location.href = first.href;
  });
  run();
})();

// The profiles chosen for comparison, kept in this browser between pages.
const COMPARE_KEY = "jobframe.compare";
const PROFILE_ID = /^[A-Z0-9]+\.[A-Z0-9]+\.[A-Z0-9]+$/;

function storedComparison() {
  try {
    const ids = JSON.parse(localStorage.getItem(COMPARE_KEY) || "[]");
    return Array.isArray(ids) ? ids.filter((id) => typeof id === "string" && PROFILE_ID.test(id)) : [];
  } catch (error) {
    return [];
  }
}

function storeComparison(ids) {
  try { localStorage.setItem(COMPARE_KEY, JSON.stringify(ids)); } catch (error) { /* private mode: the URL still holds it */ }
}

// A compare page address for `ids`, from the address of the page with none chosen.
function compareHref(base, ids) {
  const url = new URL(base, document.baseURI);
  url.search = ids.length ? `?ids=${ids.join(",")}` : "";
  return url.href;
}

// "Add to compare" on a profile page: adds the profile to the stored list and offers the link.
(function addToCompare() {
  const button = document.querySelector("a.compare-add[data-compare-id]");
  const tray = document.querySelector("a.compare-tray");
  if (!button || !tray) return;
  const id = button.dataset.compareId;
  const limit = 4;
  const base = button.getAttribute("href").split("?")[0];
  const show = () => {
    const ids = storedComparison();
    const added = ids.includes(id);
    button.textContent = added ? "Added to compare ✓" : "Add to compare";
    button.setAttribute("aria-pressed", String(added));
    tray.hidden = ids.length < 1;
    tray.href = compareHref(base, ids);
    tray.textContent = `Compare ${ids.length} profile${ids.length === 1 ? "" : "s"} →`;
  };
  button.setAttribute("role", "button");
  button.addEventListener("click", (event) => {
    event.preventDefault();
    let ids = storedComparison();
    ids = ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id].slice(-limit);
    storeComparison(ids);
    show();
  });
  window.addEventListener("storage", show);
  show();
})();

// Word runs of `before` → `after` (longest common subsequence of words), for the compare page's
// toggle. The static "What changes" sections are diffed by the build instead.
function wordDiff(before, after) {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  if (a.length * b.length > 90000) return [["deleted", a], ["inserted", b]];
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const runs = [];
  const push = (change, word) => {
    const last = runs[runs.length - 1];
    if (last && last[0] === change) last[1].push(word); else runs.push([change, [word]]);
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { push("same", a[i]); i++; j++; }
    else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) { push("inserted", b[j]); j++; }
    else { push("deleted", a[i]); i++; }
  }
  return runs;
}

function diffNodes(before, after) {
  const fragment = document.createDocumentFragment();
  wordDiff(before, after).forEach(([change, words], index) => {
    if (index) fragment.append(" ");
    const text = words.join(" ");
    if (change === "same") { fragment.append(text); return; }
    const element = document.createElement(change === "inserted" ? "ins" : "del");
    element.textContent = text;
    fragment.append(element);
  });
  return fragment;
}

(function comparePage() {
  const app = document.getElementById("compare-app");
  if (!app) return;
  app.hidden = false;
  const limit = Number(app.dataset.limit) || 4;
  const profilesUrl = new URL(app.dataset.profiles, document.baseURI);
  const rootUrl = new URL(app.dataset.root || "./", document.baseURI);
  const index = openIndex(app.dataset.manifest);
  const status = document.getElementById("compare-status");
  const problems = document.getElementById("compare-problems");
  const table = document.getElementById("compare-table");
  const words = document.getElementById("compare-words");
  const input = document.getElementById("compare-q");
  const options = document.getElementById("compare-options");
  const documents = new Map();
  let ids = [];
  // What the address asked for, kept for the messages: `sync` rewrites the address.
  let fromAddress = { wanted: [], malformed: [], extra: [] };

  const DIMENSIONS = [["scope", "Scope"], ["autonomy", "Autonomy"], ["complexity", "Complexity"], ["impact", "Impact"], ["decision_rights", "Decision rights"], ["leadership", "Leadership"]];
  const COMPONENTS = [["tasks", "Tasks"], ["skills", "Skills"], ["knowledge", "Knowledge"], ["competencies", "Competencies"], ["qualifications", "Qualifications"]];
  // Each row: [label, value of a document: a string, a list of strings, or null].
  const ROWS = [
    ["Profile ID", (d) => d.id],
    ["Family", (d) => d.family.name],
    ["Role", (d) => d.role.name],
    ["Track", (d) => d.level.track.name],
    ["Level", (d) => `${d.level.code} — ${d.level.name}`],
    ["Typical years", (d) => d.level.years || null],
    ...DIMENSIONS.map(([key, label]) => [label, (d) => d.level.dimensions[key]]),
    ["Problem-solving rubric", (d) => d.rubrics.complexity],
    ["Knowledge-application rubric", (d) => d.rubrics.knowledge_application],
    ["Core outputs", (d) => d.core_outputs],
    ["Responsibilities", (d) => d.responsibilities],
    ["Component responsibilities", (d) => d.components.responsibilities],
    ...COMPONENTS.map(([key, label]) => [label, (d) => d.components[key]]),
  ];
  // A pay row per zone any compared profile has a range in, after the level rows; absent
  // (as in a site built without pay) when the documents list no ranges.
  function rowsFor(docs) {
    const zones = new Map();
    for (const doc of docs) {
      for (const range of doc.pay || []) {
        if (!zones.has(range.zone)) zones.set(range.zone, `Pay · ${range.zone_name} (${range.currency})`);
      }
    }
    const pay = [...zones].map(([zone, label]) => [label, (d) => {
      const range = (d.pay || []).find((r) => r.zone === zone);
      return range ? `${range.min_text} – ${range.max_text}` : null;
    }]);
    const at = ROWS.findIndex(([label]) => label === "Typical years") + 1;
    return [...ROWS.slice(0, at), ...pay, ...ROWS.slice(at)];
  }

  function fromUrl() {
    const raw = (new URLSearchParams(location.search).get("ids") || "").split(",").map((id) => id.trim()).filter(Boolean);
    const wanted = [];
    const malformed = [];
    for (const id of raw) {
      const upper = id.toUpperCase();
      if (!PROFILE_ID.test(upper)) malformed.push(id);
      else if (!wanted.includes(upper)) wanted.push(upper);
    }
    return { wanted: wanted.slice(0, limit), extra: wanted.slice(limit), malformed };
  }

  function sync() {
    history.replaceState(null, "", ids.length ? `?ids=${ids.join(",")}` : location.pathname);
    storeComparison(ids);
  }

  async function load(id) {
    if (!documents.has(id)) {
      documents.set(id, fetch(new URL(`${id}.json`, profilesUrl)).then((response) => {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error(`${response.status} for ${id}.json`);
        return response.json();
      }));
    }
    return documents.get(id);
  }

  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const isEmpty = (value) => value === null || value === undefined || (Array.isArray(value) && !value.length) || value === "";

  function cell(value, first, diff) {
    const td = document.createElement("td");
    if (isEmpty(value) && (!diff || isEmpty(first))) {
      const none = document.createElement("span");
      none.className = "none";
      none.textContent = "none";
      td.append(none);
    } else if (Array.isArray(value) || Array.isArray(first)) {
      const list = document.createElement("ul");
      const now = value || [];
      const was = first || [];
      for (const line of now) {
        const li = document.createElement("li");
        if (diff && !was.includes(line)) {
          const ins = document.createElement("ins");
          ins.textContent = line;
          li.append(ins);
        } else li.textContent = line;
        list.append(li);
      }
      if (diff) {
        for (const line of was.filter((line) => !now.includes(line))) {
          const li = document.createElement("li");
          const del = document.createElement("del");
          del.textContent = line;
          li.append(del);
          list.append(li);
        }
      }
      td.append(list);
    } else if (diff) {
      td.append(diffNodes(first || "", value || ""));
    } else {
      td.textContent = value;
    }
    return td;
  }

  function header(doc, id, position) {
    const th = document.createElement("th");
    th.scope = "col";
    if (doc) {
      const link = document.createElement("a");
      link.href = new URL(doc.url, rootUrl).href;
      link.textContent = doc.title;
      th.append(link);
    } else th.append(id);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.dataset.remove = id;
    remove.textContent = "Remove";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ` ${doc ? doc.title : id}`;
    remove.append(hidden);
    th.append(" ", remove);
    if (position === 0 && ids.length > 1) {
      const note = document.createElement("span");
      note.className = "sub";
      note.textContent = "Others are compared with this one";
      th.append(note);
    }
    return th;
  }

  async function render() {
    const loaded = await Promise.all(ids.map(load));
    const missing = ids.filter((_, i) => !loaded[i]);
    const present = ids.map((id, i) => [id, loaded[i]]).filter(([, doc]) => doc);
    const notes = [];
    const { malformed, extra } = fromAddress;
    if (malformed.length) notes.push(`Not profile IDs (they look like FAMILY.ROLE.LEVEL, e.g. ${present[0] ? present[0][0] : "SALES.AE.P3"}): ${malformed.map((id) => `“${id}”`).join(", ")}.`);
    if (missing.length) notes.push(`No profile has the ID ${missing.map((id) => `“${id}”`).join(", ")}; it may have been renamed. The others are shown.`);
    if (extra.length) notes.push(`At most ${limit} profiles are compared at once; left out: ${extra.join(", ")}.`);
    problems.replaceChildren(...notes.map((note) => { const p = document.createElement("p"); p.textContent = note; return p; }));
    problems.hidden = !notes.length;
    table.replaceChildren();
    status.textContent = present.length
      ? `Comparing ${present.length} profile${present.length === 1 ? "" : "s"}${present.length > 1 ? "; cells that differ from the first column are marked" : ""}.`
      : "Add a profile to start a comparison.";
    if (!present.length) return;
    const head = document.createElement("thead");
    const top = document.createElement("tr");
    const corner = document.createElement("th");
    corner.scope = "col";
    corner.textContent = "Profile";
    top.append(corner, ...present.map(([id, doc], position) => header(doc, id, position)));
    head.append(top);
    const body = document.createElement("tbody");
    const diff = words.checked;
    for (const [label, value] of rowsFor(present.map(([, doc]) => doc))) {
      const values = present.map(([, doc]) => value(doc));
      if (values.every(isEmpty)) continue;
      const row = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      values.forEach((v, position) => {
        const differs = position > 0 && label !== "Profile ID" && !same(v, values[0]);
        const td = cell(v, values[0], diff && differs && label !== "Profile ID");
        if (differs) {
          td.classList.add("differs");
          const flag = document.createElement("span");
          flag.className = "visually-hidden";
          flag.textContent = " (differs from the first profile)";
          td.append(flag);
        }
        row.append(td);
      });
      body.append(row);
    }
    table.append(head, body);
  }

  async function update() {
    sync();
    try {
      await render();
    } catch (error) {
      status.textContent = `Profiles ${loadFailure(error)}.`;
    }
  }

  table.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-remove]");
    if (!button) return;
    ids = ids.filter((id) => id !== button.dataset.remove);
    fromAddress = { malformed: [], extra: [] };
    update();
  });
  words.addEventListener("change", render);

  // The picker: search as you type, reusing the site's search index.
  let latest = 0;
  async function suggest() {
    const run = ++latest;
    options.replaceChildren();
    if (!jobframeSearch.tokens(input.value).length) return;
    try {
      const found = await index.search(input.value, { profilesOnly: true });
      const results = await index.records(found.hits.slice(0, 8).map((hit) => hit.doc));
      if (run !== latest) return;
      for (const doc of results) {
        const li = document.createElement("li");
        const add = document.createElement("button");
        add.type = "button";
        add.dataset.add = doc.i;
        add.disabled = ids.includes(doc.i) || ids.length >= limit;
        add.append(jobframeSearch.highlightedNodes(doc.t, found.marks));
        const meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = ` ${doc.i} · ${doc.r} · ${doc.l}`;
        add.append(meta);
        li.append(add);
        options.append(li);
      }
      if (!results.length) {
        const li = document.createElement("li");
        li.className = "meta";
        li.textContent = `No profile matches “${input.value.trim()}”.`;
        options.append(li);
      }
    } catch (error) {
      status.textContent = `Search ${loadFailure(error)}.`;
    }
  }
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  options.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-add]");
    if (!button || ids.includes(button.dataset.add) || ids.length >= limit) return;
    ids = [...ids, button.dataset.add];
    fromAddress = { malformed: [], extra: [] };
    input.value = "";
    options.replaceChildren();
    update();
    input.focus();
  });
  document.getElementById("compare-picker").addEventListener("submit", (event) => event.preventDefault());

  fromAddress = fromUrl();
  ids = fromAddress.wanted;
  if (!ids.length && !new URLSearchParams(location.search).has("ids")) ids = storedComparison().slice(0, limit);
  update();
})();
