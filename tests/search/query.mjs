// Runs the search engine a built site carries (search/engine-*.js) under Node, on the site's own
// index files, for the Rust tests in tests/search.rs: `node query.mjs SITE QUERY…` prints, for
// each query, what the search page would list, as one JSON line.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import vm from "node:vm";

const [site, ...queries] = process.argv.slice(2);
const folder = join(site, "search");
const named = (prefix) => readdirSync(folder).find((name) => name.startsWith(prefix));
vm.runInThisContext(readFileSync(join(folder, named("engine-")), "utf8"));
const load = async (url) => JSON.parse(readFileSync(fileURLToPath(url), "utf8"));
const index = globalThis.jobframeSearch.open(pathToFileURL(join(folder, named("manifest-"))).href, load);

for (const query of queries) {
  const [text, filter] = query.split("|");
  const found = await index.search(text, filter ? JSON.parse(filter) : {});
  const records = await index.records(found.hits.map((hit) => hit.doc));
  console.log(JSON.stringify({
    query: text,
    total: found.total,
    every: found.every,
    corrections: found.corrections,
    results: records.map((record, at) => ({
      page: record.i || record.t,
      matched: found.hits[at].matched,
      score: found.hits[at].score,
      lines: globalThis.jobframeSearch.matchedLines(record, found.marks).length,
    })),
    marks: [...found.marks.words].sort(),
  }));
}
