// Renders messages with the compiled modules, for tests/generate_ts.rs.
//
// Usage: node render.mjs CASES.json
// CASES.json is an array of { module, code, params, locale }; the output is
// a JSON array of { message, raw, entry }: formatMessage(code, params, locale),
// ENTRIES[code].messages[locale] (null when the entry has none) and
// ENTRIES[code] itself (its absent fields absent).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const modules = new Map();
const results = [];
for (const { module, code, params, locale } of cases) {
  if (!modules.has(module)) {
    modules.set(module, await import(pathToFileURL(resolve(module)).href));
  }
  const { formatMessage, ENTRIES } = modules.get(module);
  const entry = Object.hasOwn(ENTRIES, code) ? ENTRIES[code] : undefined;
  if (entry === undefined || entry.code !== code) {
    throw new Error(`ENTRIES has no own entry for ${JSON.stringify(code)}`);
  }
  results.push({
    message: formatMessage(code, params, locale),
    raw: Object.hasOwn(entry.messages, locale) ? entry.messages[locale] : null,
    entry,
  });
}
process.stdout.write(JSON.stringify(results));
