// The edge catalog of tests/generate_ts.rs: a code that is literally
// "default" (so handleError's fallback key becomes `default__`, since
// "default_" is a code too), a code and a param named `__proto__`, a code
// `toString`, a locale
// that is not an identifier, unnamed positional params and an upstream rule
// in Rust's regex syntax; the problem catalog: a `problem` envelope; and an
// envelope whose fields are named like properties every object inherits.

import * as edge from "./edge.js";
import * as empty from "./empty.js";
import * as problem from "./problem.js";
import * as protoEnvelope from "./proto_envelope.js";

declare const console: { log(message: string): void };

function equal<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new Error(`edge check failed: ${what}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
  }
}

function name(error: edge.CatalogError): string {
  return edge.handleError(error, {
    default: (e) => `default ${e.params.class}`,
    default_: () => "default_",
    ["__proto__"]: (e) => `proto ${e.params.__proto__}`,
    toString: () => "own toString",
    empty: () => "empty",
    "A.B": (e) => `${e.params.arg0 + 1} ${e.params.arg1} ${e.params.arg2}`,
  });
}

function some(error: edge.CatalogError): string {
  return edge.handleError(error, {
    default: (e) => `code default ${e.params.class}`,
    default__: (e) => `fallback ${e.code}`,
  });
}

equal(name(edge.createError("default", { class: "c" })), "default c", "code default");
equal(name(edge.createError("default_", {})), "default_", "code default_");
equal(name(edge.createError("__proto__", { ["__proto__"]: "p" })), "proto p", "code __proto__");
equal(name(edge.createError("A.B", { arg0: 1, arg1: true, arg2: 2.5 })), "2 true 2.5", "positional");
equal(some(edge.createError("default", { class: "c" })), "code default c", "partial: the code default");
equal(some(edge.createError("A.B", { arg0: 1, arg1: true, arg2: 2.5 })), "fallback A.B", "partial: fallback");
// Codes every object has a property of go to the fallback, not to Object.prototype.
equal(name(edge.createError("toString", {})), "own toString", "code toString");
equal(some(edge.createError("toString", {})), "fallback toString", "partial: toString");
equal(some(edge.createError("__proto__", { ["__proto__"]: "p" })), "fallback __proto__", "partial: __proto__");

equal(edge.formatMessage("A.B", { arg0: 1, arg1: false, arg2: 0.5 }), "1 false 0.5 {0}", "literal braces");
equal(edge.formatMessage("default", { class: "x" }, "zh-Hans"), "默认 x", "zh-Hans");
equal(edge.formatMessage("default_", {}, "zh-Hans"), "default_", "falls back to en");
equal(edge.formatMessage("__proto__", { ["__proto__"]: "own" }), "proto own", "__proto__ param");
equal(edge.ENTRIES["__proto__"].code, "__proto__", "__proto__ is an own entry");
equal(Object.getPrototypeOf(edge.ENTRIES), Object.prototype, "the prototype is untouched");
equal(edge.ENTRIES["A.B"].deprecated, true, "deprecated");
equal(edge.ENTRIES["A.B"].replacedBy, "default", "replaced by");
equal(edge.Code.proto, "__proto__", "Code");
equal(edge.Code.default, "default", "Code");
equal(edge.LOCALES.join(","), "en,zh-Hans", "locales");
equal(edge.isLocale("zh-Hans"), true, "isLocale");
equal(edge.formatMessage("empty", {}), "empty", "no message: the code");
equal(name(edge.createError("empty", {}, "zh-Hans")), "empty", "empty");

// A catalog without entries still compiles.
const none: empty.ErrorCode[] = [];
equal(empty.ERROR_CODES.length + none.length, 0, "no codes");
// No code is known, yet a body is an envelope: its message can be read.
equal(empty.isEnvelope({ code: "x", message: "m" }), true, "an unknown code");
const emptyDecoded = empty.parse({ code: "x", message: "m" });
equal("unknown" in emptyDecoded && emptyDecoded.message, "m", "parse: unknown");

// The upstream classifier: Rust's `(?P<name>…)` and escaped punctuation.
equal(edge.classify({ message: "x class=c1/-# y" })?.message, "default c1", "classify (?P<…>)");
equal(edge.classify({ message: "class=c1/-" }), undefined, "classify: no match");
const ab = edge.classify({ http: 418, message: "n=-3 b=true" });
equal(ab?.code, "A.B", "classify int and bool");
if (ab?.code === "A.B") {
  equal(ab.params.arg0, -3, "int capture");
  equal(ab.params.arg1, true, "bool capture");
  equal(ab.params.arg2, 0, "a param the rule does not capture");
}
// A captured value is read as Rust reads it; one that does not parse means no match.
equal(JSON.stringify(edge.classify({ http: 418, message: "n=2 b=false f=-1.5E3" })?.params), '{"arg0":2,"arg1":false,"arg2":-1500}', "float capture");
/** The params of what `classify` made of `message` (HTTP 418), if an `A.B`. */
function abParams(message: string): { readonly arg0: number; readonly arg2: number } | undefined {
  const error = edge.classify({ http: 418, message });
  return error?.code === "A.B" ? error.params : undefined;
}
equal(abParams("n=1 b=true f=-inf")?.arg2, -Infinity, "inf capture");
equal(edge.classify({ http: 418, message: "n=1 b=true f=1_0" }), undefined, "a float that does not parse");
equal(edge.classify({ http: 418, message: "n=99999999999999999999 b=true" }), undefined, "an int beyond 64 bits");
equal(abParams("n=-9223372036854775808 b=true")?.arg0, -9223372036854775808, "the least int");
equal(edge.classify({ http: 417, message: "n=-3 b=true" }), undefined, "classify: http must hold");

// A problem envelope with a field of every type.
const gone = {
  type: "https://errors.example.com/gone",
  title: "Gone",
  status: 410,
  detail: "It is gone.",
  errorCode: "gone",
  version: 2,
  kind: "error",
};
equal(problem.isEnvelope(gone), true, "problem");
equal(
  problem.isEnvelope({
    ...gone,
    instance: "/x",
    params: {},
    retry_after: 3,
    ratio: 0.5,
    debug: false,
    tags: ["a"],
    extra: { a: 1 },
    default: "x",
  }),
  true,
  "problem with every optional field",
);
equal(problem.isEnvelope({ ...gone, status: 410.5 }), false, "status is an integer");
// RFC 9457 as errgen sends it: `status` always, the occurrence in `detail`.
const { status: _status, ...noStatus } = gone;
equal(problem.isEnvelope(noStatus), false, "status is required");
const { detail: _detail, ...noDetail } = gone;
equal(problem.isEnvelope(noDetail), false, "detail is required");
equal(problem.isEnvelope({ ...gone, retry_after: 1.5 }), false, "retry_after is an integer");
equal(problem.isEnvelope({ ...gone, ratio: "1" }), false, "ratio is a number");
equal(problem.isEnvelope({ ...gone, debug: 0 }), false, "debug is a boolean");
equal(problem.isEnvelope({ ...gone, tags: {} }), false, "tags is an array");
equal(problem.isEnvelope({ ...gone, extra: [] }), false, "extra is an object");
equal(problem.isEnvelope({ ...gone, params: null }), false, "params is an object");
equal(problem.isEnvelope({ ...gone, version: 1 }), false, "version is 2");
equal(problem.isEnvelope({ ...gone, errorCode: 7 }), false, "a code is a string");
equal(problem.isEnvelope({ ...gone, errorCode: "went" }), true, "a code of a newer server");
const body: unknown = gone;
if (problem.isEnvelope(body)) {
  const status: number = body.status;
  const version: 2 = body.version;
  equal(status + version, 412, "narrowed");
}

// Bodies as they come off the wire: `JSON.parse` makes `__proto__` an own
// property. A field is the body's own or absent, never `Object.prototype`'s.
const wire = (json: string): unknown => JSON.parse(json);
const minimal = '"code": "GONE", "message": "Gone.", "__proto__": {}';
equal(protoEnvelope.isEnvelope(wire(`{${minimal}}`)), true, "no optional field");
equal(
  protoEnvelope.isEnvelope(
    wire(
      `{${minimal}, "valueOf": {"name": "x"}, "toString": "t", "constructor": 3, "hasOwnProperty": true}`,
    ),
  ),
  true,
  "every optional field",
);
equal(
  protoEnvelope.isEnvelope(wire('{"code": "GONE", "message": "Gone."}')),
  false,
  "a required field named __proto__ is missing",
);
equal(protoEnvelope.isEnvelope(wire('{"code": "GONE", "message": "Gone.", "__proto__": "x"}')), false, "__proto__ is an object");
equal(protoEnvelope.isEnvelope(wire(`{${minimal}, "valueOf": 1}`)), false, "valueOf is an object");
equal(protoEnvelope.isEnvelope(wire(`{${minimal}, "toString": 1}`)), false, "toString is a string");
equal(protoEnvelope.isEnvelope(wire(`{${minimal}, "constructor": "1"}`)), false, "constructor is an integer");
equal(protoEnvelope.isEnvelope(wire(`{${minimal}, "hasOwnProperty": 1}`)), false, "hasOwnProperty is a boolean");
const inherited: unknown = Object.create({ code: "GONE", message: "Gone.", ["__proto__"]: {} });
equal(protoEnvelope.isEnvelope(inherited), false, "inherited fields are not the body's");

console.log("edge-usage: ok");
