// What a client does with a received error body: `parse` it into the typed
// error of its code (params checked at run time), read an alias as its
// entry, keep a code of a newer server as an `UnknownError`, and route
// either through `handleError` (tests/generate_ts.rs compiles this with tsc
// and runs it with node).

import * as autoscorer from "./autoscorer.js";
import * as functionService from "./function_service.js";
import * as k12 from "./k12.js";
import * as optverse from "./optverse.js";
import * as pipelines from "./pipelines.js";

declare const console: { log(message: string): void };

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`decode-usage: ${what}`);
  }
}

function equal<T>(actual: T, expected: T, what: string): void {
  check(actual === expected, `${what}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

/** The `DecodeError` that `run` throws. */
function decodeError(run: () => unknown): autoscorer.DecodeError | k12.DecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof autoscorer.DecodeError || error instanceof k12.DecodeError) {
      return error;
    }
    throw error;
  }
  throw new Error("decode-usage: no DecodeError");
}

// --- autoscorer: params of every structured type, checked recursively. ------

const body = {
  ok: false,
  stage: "config",
  code: "CONFIG_VALIDATION_ERROR",
  message: "The configuration has invalid settings (2 found).",
  details: {
    error_count: 2,
    context: { file: "config.yaml", line: 12 },
    suggestions: ["Set workers to a positive number."],
    related_config: { workers: -1, queue: null },
    errors: [{ field: "workers" }, "queue"],
    severity: "high",
  },
};

const decoded = autoscorer.parse(JSON.stringify(body));
// The handlers' params are typed by code; `default` takes unknown codes too.
const handled = autoscorer.handleError(decoded, {
  CONFIG_VALIDATION_ERROR: (e) => `${e.params.error_count} ${e.params.suggestions[0] ?? ""} ${e.params.context.line ?? 0}`,
  default: (e) => ("unknown" in e ? `unknown ${e.code}` : `known ${e.code}`),
});
equal(handled, "2 Set workers to a positive number. 12", "autoscorer handler");
if (!("unknown" in decoded) && decoded.code === "CONFIG_VALIDATION_ERROR") {
  equal(decoded.message, body.message, "the message as received");
  check(!("severity" in decoded.params), "an undeclared param is ignored");
  equal(Object.keys(decoded.params).length, 5, "the declared params");
} else {
  check(false, "autoscorer: a known code");
}
// An object works as well as its text.
equal(autoscorer.parse(body).code, "CONFIG_VALIDATION_ERROR", "parse an object");

// A wrong type deep inside: code, place, expected and found.
const wrongItem = { ...body, details: { ...body.details, suggestions: [7] } };
let error = decodeError(() => autoscorer.parse(wrongItem));
equal(error.message, "code `CONFIG_VALIDATION_ERROR`: param `suggestions[0]` expected string, found 7", "list item");
equal(error.param, "suggestions[0]", "DecodeError.param");
equal(error.expected, "string", "DecodeError.expected");
equal(error.found, "7", "DecodeError.found");
equal(error.code, "CONFIG_VALIDATION_ERROR", "DecodeError.code");
const wrongField = { ...body, details: { ...body.details, context: { line: "twelve" } } };
equal(
  decodeError(() => autoscorer.parse(wrongField)).message,
  'code `CONFIG_VALIDATION_ERROR`: param `context.line` expected int, found the string "twelve"',
  "record field",
);
const wrongList = { ...body, details: { ...body.details, suggestions: { a: "b" } } };
equal(
  decodeError(() => autoscorer.parse(wrongList)).message,
  "code `CONFIG_VALIDATION_ERROR`: param `suggestions` expected list<string>, found an object",
  "a list",
);
const { error_count: _dropped, ...withoutCount } = body.details;
equal(
  decodeError(() => autoscorer.parse({ ...body, details: withoutCount })).message,
  "code `CONFIG_VALIDATION_ERROR`: param `error_count` expected int, found nothing",
  "a missing param is an error, never a made-up value",
);
const wrongFloat = { ...body, details: { ...body.details, error_count: 1.5 } };
equal(decodeError(() => autoscorer.parse(wrongFloat)).found, "1.5", "int is an integer");
// `any` takes anything; an optional record field may be absent.
const loose = { ...body, details: { ...body.details, errors: [null, 1.5, [true]], context: {} } };
equal(autoscorer.parse(loose).code, "CONFIG_VALIDATION_ERROR", "any and optional fields");
// Not an envelope, not JSON.
error = decodeError(() => autoscorer.parse({ code: "X" }));
equal(error.message, "not an error response of the `autoscorer` catalog: in none of its envelopes", "not an envelope");
check(decodeError(() => autoscorer.parse("<html>")).message.includes("not JSON"), "not JSON");

// A code of a newer server: code, message and body kept; `default` takes it.
const newer = autoscorer.parse(
  '{"ok":false,"stage":"scoring","code":"SCORER_GPU_LOST","message":"The GPU went away.","details":{"gpu":[0,1]}}',
);
if ("unknown" in newer) {
  equal(newer.code, "SCORER_GPU_LOST", "unknown code");
  equal(newer.message, "The GPU went away.", "unknown message");
  equal(JSON.stringify(newer.body["details"]), '{"gpu":[0,1]}', "unknown body");
} else {
  check(false, "autoscorer: an unknown code");
}
equal(
  autoscorer.handleError(newer, { CONFIG_VALIDATION_ERROR: () => "known", default: (e) => `default ${e.message}` }),
  "default The GPU went away.",
  "an unknown code goes to default",
);

// --- k12: integer codes; the envelope has no params, none are made up. ------

const k12Known = k12.parse({ code: 100201, brief: "Service is not found.", detail: { service_name: "x" } });
equal(
  k12.handleError(k12Known, {
    100201: (e) => `${e.code}: ${e.message}`,
    default: () => "other",
  }),
  "100201: Service is not found.",
  "k12 known",
);
check(!("params" in k12Known), "k12: no params");
const k12Newer = k12.parse('{"code":100777,"brief":"Quota exceeded.","detail":{"limit":3}}');
equal("unknown" in k12Newer && k12Newer.code, 100777, "k12 unknown integer code");
check(decodeError(() => k12.parse({ code: "100201", brief: "x" })) instanceof k12.DecodeError, "k12: code is a number");

// --- function service: a two-level envelope, the code inside. ---------------

const inner = functionService.parse({
  errCode: "FSS.0500",
  errMessage: "call failed",
  subErrCode: "b_agent_jobnotfound",
  subErrMessage: "任务不存在。",
});
equal(inner.code, "b_agent_jobnotfound", "two-level code");
equal(inner.message, "任务不存在。", "two-level message");

// --- pipelines: the flat envelope. ------------------------------------------

equal(
  pipelines.parse({ code: "PIPELINE_UNKNOWN_INPUT_PARAM", message: "No input x." }).code,
  "PIPELINE_UNKNOWN_INPUT_PARAM",
  "pipelines known",
);
check("unknown" in pipelines.parse({ code: "PIPELINE_NEW", message: "New." }), "pipelines unknown");

// --- OptVerse: published codes (aliases) read as their entries. --------------

for (const [code, expected] of [
  ["OptVerse_12080002", "OptVerse_12080002"],
  ["OptVerse_1212080002", "OptVerse_12080002"],
  ["JOB_MANAGER.12050009", "JOB_MANAGER_12050009"],
] as const) {
  const decodedAlias = optverse.parse({ error_code: code, error_msg: "m" });
  check(!("unknown" in decodedAlias), `${code} is known`);
  equal(decodedAlias.code, expected, `${code} is its entry`);
}
const optverseNewer = optverse.parse({ error_code: "OptVerse_99999999", error_msg: "New." });
equal("unknown" in optverseNewer && optverseNewer.code, "OptVerse_99999999", "optverse unknown");

/** What tsc must reject (never called: it only type-checks). */
export function typeChecks(): void {
  // A handler's error for a code with params is still typed by its code.
  autoscorer.handleError(decoded, {
    // @ts-expect-error: CONFIG_FILE_NOT_FOUND's params have no `image`.
    CONFIG_FILE_NOT_FOUND: (e) => e.params.image,
    default: () => "",
  });
  // A decoded k12 error carries no params: a handler cannot read them.
  k12.handleError(k12Known, {
    // @ts-expect-error: `params` is not on a decoded k12 error.
    100201: (e) => e.params.service_name,
    default: () => "",
  });
}

console.log("decode-usage: ok");
