// Minimal theme: the compare page. Reads `?ids=` from the address, fetches each profile's JSON
// document (docs/data.md) and lays them side by side; cells differing from the first are marked.
"use strict";

(function compare() {
  const status = document.getElementById("compare-status");
  const table = document.getElementById("compare-table");
  if (!status || !table) return;
  const folder = new URL(status.dataset.profiles, document.baseURI);
  const root = new URL(status.dataset.root || "./", document.baseURI);
  const limit = Number(status.dataset.limit) || 4;
  const ids = (new URLSearchParams(location.search).get("ids") || "")
    .split(",").map((id) => id.trim().toUpperCase()).filter(Boolean).slice(0, limit);
  const rows = [
    ["Family", (d) => d.family.name],
    ["Role", (d) => d.role.name],
    ["Level", (d) => `${d.level.code} — ${d.level.name} (${d.level.track.name})`],
    ["Typical years", (d) => d.level.years],
    ["Scope", (d) => d.level.dimensions.scope],
    ["Autonomy", (d) => d.level.dimensions.autonomy],
    ["Complexity", (d) => d.level.dimensions.complexity],
    ["Impact", (d) => d.level.dimensions.impact],
    ["Decision rights", (d) => d.level.dimensions.decision_rights],
    ["Leadership", (d) => d.level.dimensions.leadership],
    ["Problem-solving rubric", (d) => d.rubrics.complexity],
    ["Knowledge-application rubric", (d) => d.rubrics.knowledge_application],
    ["Core outputs", (d) => d.core_outputs.join("\n")],
    ["Responsibilities", (d) => d.responsibilities.join("\n")],
  ];
  const fetchOne = (id) => /^[A-Z0-9]+\.[A-Z0-9]+\.[A-Z0-9]+$/.test(id)
    ? fetch(new URL(`${id}.json`, folder)).then((r) => (r.ok ? r.json() : null), () => null)
    : Promise.resolve(null);
  Promise.all(ids.map(fetchOne)).then((docs) => {
    const found = docs.filter(Boolean);
    const missing = ids.filter((_, i) => !docs[i]);
    status.textContent = (found.length ? `Comparing ${found.length} profile(s).` : "No profiles named in the address.")
      + (missing.length ? ` Not found: ${missing.join(", ")}.` : "");
    if (!found.length) return;
    const head = table.createTHead().insertRow();
    head.append(document.createElement("th"));
    for (const doc of found) {
      const th = document.createElement("th");
      th.scope = "col";
      const link = document.createElement("a");
      link.href = new URL(doc.url, root).href;
      link.textContent = `${doc.title} (${doc.id})`;
      th.append(link);
      head.append(th);
    }
    const body = table.createTBody();
    for (const [label, value] of rows) {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      const values = found.map(value);
      values.forEach((text, i) => {
        const cell = row.insertCell();
        cell.textContent = text || "—";
        if (i > 0 && text !== values[0]) {
          const mark = document.createElement("strong");
          mark.textContent = " ≠";
          mark.title = "differs from the first profile";
          cell.append(mark);
        }
      });
    }
  });
})();
