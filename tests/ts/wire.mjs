// Decodes the wire corpus (tests/fixtures/wire/, see its README) with the
// compiled TypeScript modules, for tests/generate_ts.rs; examples/consumer's
// tests/wire.rs does the same with the generated Rust.
//
// Usage: node wire.mjs CORPUS_DIR (the modules in ./out/<catalog>.js).
// Prints `wire: N cases ok`, or each case that decodes otherwise than the
// corpus expects and exits with status 1.
import { readFileSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";

const dir = process.argv[2];
const failures = [];
let count = 0;

/** JSON with sorted keys: equal values, equal text. */
function canonical(value) {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** `cli_success` → `isCliSuccessEnvelope`; `default` → `isEnvelope`. */
function guardName(envelope) {
  const base = envelope === "default"
    ? ""
    : envelope.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return `is${base}Envelope`;
}

/** What the module made of a case's body, in the corpus's terms. */
function decode(module, body) {
  try {
    const decoded = module.parse(JSON.stringify(body));
    if (decoded.unknown === true) {
      return { unknown: decoded.code, message: decoded.message, body: decoded.body };
    }
    return "params" in decoded
      ? { known: decoded.code, params: decoded.params }
      : { known: decoded.code };
  } catch (error) {
    if (!(error instanceof module.DecodeError)) {
      throw error;
    }
    return error.param !== undefined ? { invalid: error.param } : { notAnError: error.message };
  }
}

/** The message member of a body or of its nested error object. */
function messageOf(body) {
  for (const holder of [body, body.error ?? {}]) {
    for (const member of ["message", "brief", "error_msg", "subErrMessage"]) {
      if (typeof holder[member] === "string") {
        return holder[member];
      }
    }
  }
  return "";
}

/** Why the case fails, or `undefined`. */
function check(module, catalog, testCase) {
  const { expect, body } = testCase;
  if ("classified" in expect) {
    const call = { http: testCase.status, grpc: testCase.grpc };
    const error = module.classifyBody(testCase.upstream, call, body);
    const got = error === undefined ? null : { code: error.code, params: error.params };
    const want = expect.classified === null ? null : { code: expect.classified, params: expect.params };
    return canonical(got) === canonical(want) ? undefined : `classifyBody gave ${canonical(got)}`;
  }
  const envelope = testCase.envelope ?? "default";
  const guard = module[guardName(envelope)];
  if (typeof guard !== "function") {
    return `${catalog} has no ${guardName(envelope)}`;
  }
  if (!guard(body)) {
    return `${guardName(envelope)} rejects the body`;
  }
  const got = decode(module, body);
  let ok;
  if ("success" in expect) {
    ok = "known" in expect ? got.known === expect.known : "notAnError" in got;
  } else if ("known" in expect) {
    ok = got.known === expect.known && (!("params" in expect) || canonical(got.params) === canonical(expect.params));
  } else if ("unknown" in expect) {
    ok = got.unknown === expect.unknown && got.message === messageOf(body) && canonical(got.body) === canonical(body);
  } else if ("invalid" in expect) {
    ok = got.invalid === expect.invalid;
  } else {
    return `no expectation: ${canonical(expect)}`;
  }
  return ok ? undefined : `decoded ${canonical(got)}`;
}

for (const name of readdirSync(dir).filter((n) => n.endsWith(".json")).sort()) {
  const file = JSON.parse(readFileSync(join(dir, name), "utf8"));
  const module = await import(pathToFileURL(resolve("out", `${file.catalog}.js`)).href);
  for (const testCase of file.cases) {
    count += 1;
    const why = check(module, file.catalog, testCase);
    if (why !== undefined) {
      failures.push(`${name}: ${testCase.name}: ${why}, expected ${canonical(testCase.expect)}`);
    }
  }
}
if (failures.length > 0) {
  process.stdout.write(`${failures.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`wire: ${count} cases ok\n`);
