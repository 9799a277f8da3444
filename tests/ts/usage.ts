// How a frontend uses the generated modules. tests/generate_ts.rs copies this
// file next to the modules generated from examples/ and the hostile fixture,
// type-checks it with tsc in strict mode, then runs the compiled JavaScript
// with node: every `check` must hold.

import * as autoscorer from "./autoscorer.js";
import * as functionService from "./function_service.js";
import * as hostile from "./hostile.js";
import * as k12 from "./k12.js";
import * as optverse from "./optverse.js";
import * as pipelines from "./pipelines.js";

declare const console: { log(message: string): void };

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`usage check failed: ${what}`);
  }
}

function equal<T>(actual: T, expected: T, what: string): void {
  check(actual === expected, `${what}: ${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

// --- k12: integer codes, every handler written out. -------------------------

function describeK12(error: k12.CatalogError): string {
  return k12.handleError(error, {
    100000: () => "ok",
    100101: (e) => `key ${e.params.key}`,
    100102: () => "bad value",
    100201: (e) => `no service ${e.params.service_name}`,
    100202: (e) => `start failed: ${e.params.reason}`,
    100401: () => "no container",
    100402: () => "running",
    100499: (e) => `internal: ${e.params.reason}`,
  });
}

equal(k12.formatMessage(100101, { key: "op" }), "The JSON body has no key op.", "k12 en");
equal(k12.formatMessage(100101, { key: "op" }, "zh"), "JSON 请求体中缺少键 op。", "k12 zh");
equal(k12.Code.jsonKeyNotFound, 100101, "k12 Code");
equal(k12.ENTRIES[100000].kind, "success", "k12 success");
// `Unhandled` names the codes a handler map leaves out, none with `default`.
type K12Unhandled = k12.Unhandled<{ 100000: unknown; 100101: unknown; 100102: unknown; 100201: unknown }>;
const stillUnhandled: K12Unhandled[] = [100202, 100401, 100402, 100499];
equal(stillUnhandled.length, 4, "k12 Unhandled");
// @ts-expect-error: 100101 has a handler.
const handled: K12Unhandled = 100101;
const allHandled: k12.Unhandled<{ default: unknown }>[] = [];
// @ts-expect-error: with `default`, no code is unhandled.
allHandled.push(100202);
// A field the catalog does not set is absent, and reads as undefined.
equal(k12.ENTRIES[100000].group, undefined, "k12 no group");
check(!("http" in k12.ENTRIES[100000]), "k12 no http field");
check(Object.isFrozen(k12.ENTRIES) && Object.isFrozen(k12.ENTRIES[100101]) && Object.isFrozen(k12.ENTRIES[100101].messages), "k12 frozen");
equal(k12.ERROR_CODES.length, 8, "k12 codes");
equal(describeK12(k12.createError(100201, { service_name: "nlp" })), "no service nlp", "k12 handler");
equal(k12.createError(100499, { reason: "oom" }, "zh").message, "k12nlp 容器内的进程出错：oom", "k12 createError");
check(k12.isErrorCode(100101) && !k12.isErrorCode("100101") && !k12.isErrorCode(100100), "k12 isErrorCode");
check(k12.isEnvelope({ code: 100101, brief: "x" }), "k12 envelope");
check(k12.isEnvelope({ code: 100101, brief: "x", detail: "d" }), "k12 envelope with detail");
// `detail` is `any` (seed 000): a string for one code, an object for another.
check(
  k12.isEnvelope({ code: 100201, brief: "x", detail: { service_name: "xxxk12nlp" } }),
  "k12 envelope with an object detail",
);
// A code of a newer server: still an envelope, so that its message can be read.
check(k12.isEnvelope({ code: 999999, brief: "x" }), "k12 envelope: unknown code");
check(!k12.isEnvelope({ code: "100101", brief: "x" }), "k12 envelope: code is a number");
check(!k12.isEnvelope(null) && !k12.isEnvelope("x") && !k12.isEnvelope([]), "k12 envelope: not an object");

// @ts-expect-error: a param of the wrong type.
k12.formatMessage(100101, { key: 1 });
// @ts-expect-error: a missing param.
k12.formatMessage(100201, {});
// @ts-expect-error: an unknown code (at run time: the code itself).
equal(k12.formatMessage(100100, {}), "100100", "k12 unknown code");
// @ts-expect-error: an unknown locale (at run time: the default locale).
equal(k12.formatMessage(100102, {}, "fr"), "A value in the JSON body is not allowed.", "k12 unknown locale");
// @ts-expect-error: a locale that is a property of every object.
equal(k12.formatMessage(100102, {}, "constructor"), "A value in the JSON body is not allowed.", "k12 constructor");

// --- autoscorer: stages, an envelope with a constant, `default`. -------------

const body: unknown = JSON.parse(
  '{"ok":false,"stage":"execution","code":"TIMEOUT_ERROR","message":"late","details":{"time_limit":30}}',
);
check(autoscorer.isEnvelope(body), "autoscorer envelope");
// The envelope's code may be one of a newer server: `canonicalCode` (or
// `parse`) says whether it is one of this catalog.
const known = autoscorer.isEnvelope(body) ? autoscorer.canonicalCode(body.code) : undefined;
check(known !== undefined, "autoscorer envelope: a known code");
if (known !== undefined) {
  const code: autoscorer.ErrorCode = known;
  equal(code, "TIMEOUT_ERROR", "autoscorer envelope code");
  equal(autoscorer.ENTRIES[code].retryable, true, "autoscorer retryable");
  const stage: autoscorer.Stage | undefined = autoscorer.ENTRIES[code].stage;
  equal(stage, "execution", "autoscorer stage");
}
check(!autoscorer.isEnvelope({ ok: true, stage: "x", code: "TIMEOUT_ERROR", message: "m" }), "ok is false");
check(!autoscorer.isEnvelope({ ok: false, stage: "x", code: "TIMEOUT_ERROR", message: "m", details: [] }), "details is an object");
check(!autoscorer.isEnvelope({ ok: false, stage: "x", code: "TIMEOUT_ERROR", message: "m", logs: 1 }), "logs is a string");
check(autoscorer.isEnvelope({ ok: false, stage: "x", code: "TIMEOUT_ERROR", message: "m", logs: "l" }), "logs");

function retryAdvice(error: autoscorer.CatalogError): string {
  return autoscorer.handleError(error, {
    TIMEOUT_ERROR: (e) => `raise the limit above ${e.params.time_limit}s`,
    IMAGE_PULL_FAILED: (e) => `pull ${e.params.image} again`,
    default: (e) => (autoscorer.ENTRIES[e.code].retryable ? "retry" : "fix it"),
  });
}
equal(retryAdvice(autoscorer.createError("TIMEOUT_ERROR", { time_limit: 30 })), "raise the limit above 30s", "handler");
equal(retryAdvice(autoscorer.createError("CONFIG_PARSE_ERROR", {})), "fix it", "default");
equal(
  autoscorer.createError(
    "CONTAINER_EXIT_NONZERO",
    { image: "py:3", exit_code: 137, logs_path: "/ws/container.log", suggestions: ["Check the log"] },
    "zh",
  ).message,
  "镜像 py:3 的容器以退出码 137 结束。",
  "autoscorer zh",
);

// A hand-written switch narrows params by code, and is exhaustive too.
function exitCode(error: autoscorer.CatalogError): number | undefined {
  switch (error.code) {
    case "CONTAINER_EXIT_NONZERO":
      return error.params.exit_code;
    default:
      return undefined;
  }
}
equal(
  exitCode(autoscorer.createError("CONTAINER_EXIT_NONZERO", { image: "i", exit_code: 2, logs_path: "l", suggestions: [] })),
  2,
  "switch",
);

// Structured params are typed: a record, a list, a map of any JSON.
const validation = autoscorer.createError("CONFIG_VALIDATION_ERROR", {
  error_count: 2,
  context: { file: "config.yaml", line: 3 },
  suggestions: ["Run `autoscorer config validate`"],
  related_config: { time_limit: 600, gpus: [0, null] },
  errors: [{ key: "time_limit" }],
});
equal(validation.message, "The configuration has invalid settings (2 found).", "structured params stay out of the message");
const context: autoscorer.AutoscorerContext = validation.params.context;
equal(context.line, 3, "a record param");
equal(validation.params.suggestions[0], "Run `autoscorer config validate`", "a list param");
// The record's guard checks each field's type; optional fields may be absent.
check(autoscorer.isAutoscorerContext({ file: "a.csv", line: 1, sample: "s" }), "record guard");
check(autoscorer.isAutoscorerContext({}), "record guard: optional fields");
check(!autoscorer.isAutoscorerContext({ line: "1" }), "record guard: line is an int");
check(!autoscorer.isAutoscorerContext({ line: 1.5 }), "record guard: line is an integer");
check(!autoscorer.isAutoscorerContext([]) && !autoscorer.isAutoscorerContext(null), "record guard: an object");
// The CLI's body (seed 001): arrays and objects in `details`.
check(
  autoscorer.isEnvelope({
    ok: false,
    stage: "execution",
    code: "CONTAINER_EXIT_NONZERO",
    message: "Container exited with code 1",
    details: { exit_code: 1, suggestions: ["Check container logs"], context: { file: "main.py" } },
  }),
  "autoscorer envelope with an array and an object in details",
);

// A code the module does not know (a newer server) goes to `default`...
const unknown = { code: "NEW_CODE", params: {}, message: "new" } as unknown as autoscorer.CatalogError;
equal(
  autoscorer.handleError(unknown, { default: (e) => `default ${String(e.code)}` }),
  "default NEW_CODE",
  "unknown code",
);
// ...and without `default`, handleError throws.
let threw = false;
try {
  k12.handleError(unknown as unknown as k12.CatalogError, {
    100000: () => "",
    100101: () => "",
    100102: () => "",
    100201: () => "",
    100202: () => "",
    100401: () => "",
    100402: () => "",
    100499: () => "",
  });
} catch (e) {
  threw = e instanceof TypeError;
}
check(threw, "no default: TypeError");

// @ts-expect-error: a handler for a code the catalog does not have.
autoscorer.handleError(unknown, { NOT_A_CODE: () => 1, default: () => 2 });
autoscorer.handleError(unknown, {
  // @ts-expect-error: the handler's params are those of its code.
  TIMEOUT_ERROR: (e) => e.params.image,
  default: () => "",
});

// --- function service: two-level envelope, zh default. ----------------------

check(
  functionService.isEnvelope({
    errCode: "s_function_callfailed",
    errMessage: "call failed",
    subErrCode: "b_agent_jobnotfound",
    subErrMessage: "没有找到该 job。",
  }),
  "two-level envelope",
);
check(
  functionService.isEnvelope({ subErrCode: "b_agent_jobnotfound", subErrMessage: "没有找到该 job。" }),
  "two-level envelope: the outer call is optional",
);
check(
  functionService.isEnvelope({ errCode: "x", errMessage: "m", subErrCode: "nope", subErrMessage: "m" }) &&
    "unknown" in functionService.parse({ subErrCode: "nope", subErrMessage: "m" }),
  "two-level envelope: an unknown inner code is read, as unknown",
);
equal(functionService.DEFAULT_LOCALE, "zh", "zh first");
equal(functionService.formatMessage("b_agent_jobnotfound", {}), "没有找到该 job。", "zh default");
equal(functionService.formatMessage("b_agent_jobnotfound", {}, "en"), "The job was not found.", "en");
equal(
  functionService.handleError(functionService.createError("s_common_lockfail", {}), {
    s_common_lockfail: (e) => functionService.ENTRIES[e.code].retryable,
    default: () => false,
  }),
  true,
  "function service handler",
);

// --- optverse: positional params with names, HTTP statuses. -----------------

equal(
  optverse.formatMessage("OptVerse_10000004", { tenant: "t1" }),
  "The tenant t1 may not use this service.",
  "positional param",
);
equal(optverse.ENTRIES.OptVerse_10000004.http, 403, "http");
equal(optverse.ENTRIES.OptVerse_10000001.http, 401, "inherited http");
function status(error: optverse.CatalogError): number {
  return optverse.handleError(error, {
    OptVerse_10000004: () => 451,
    default: (e) => optverse.ENTRIES[e.code].http ?? 500,
  });
}
equal(status(optverse.createError("OptVerse_10000004", { tenant: "t" })), 451, "optverse handler");
equal(status(optverse.createError("OptVerse_10000001", {})), 401, "optverse default");

// Published codes the catalog lists as aliases: a body carrying one is an
// envelope, and its code reads as the entry's through `canonicalCode`.
const published: unknown = JSON.parse(
  '{"error_code": "OptVerse_1212080002", "error_msg": "SDK license file has not been uploaded."}',
);
check(optverse.isEnvelope(published), "an aliased code is understood");
if (optverse.isEnvelope(published)) {
  const code: optverse.ErrorCode | undefined = optverse.canonicalCode(published.error_code);
  equal(code, "OptVerse_12080002", "the alias's entry");
  if (code !== undefined) {
    equal(optverse.ENTRIES[code].http, 400, "the entry of an alias");
  }
}
equal(optverse.canonicalCode("JOB_MANAGER.12050009"), "JOB_MANAGER_12050009", "dotted alias");
equal(optverse.canonicalCode("OptVerse_10000004"), "OptVerse_10000004", "a code is its own");
equal(optverse.canonicalCode("OptVerse_1212080009"), undefined, "neither code nor alias");
equal(optverse.canonicalCode("toString"), undefined, "no inherited property");
check(!optverse.isErrorCode("OptVerse_1212080003"), "an alias is not an ErrorCode");
equal(optverse.ALIASES.get("OptVerse_1212080005"), "OptVerse_12080005", "ALIASES");
check(
  optverse.isEnvelope({ error_code: "OptVerse_1212080009", error_msg: "x" }) &&
    optverse.canonicalCode("OptVerse_1212080009") === undefined,
  "an unknown code is an envelope, not a code of the catalog",
);
// Without aliases, canonicalCode is isErrorCode's value.
equal(k12.canonicalCode(100101), 100101, "k12 canonical");
equal(k12.canonicalCode("100101"), undefined, "k12 string");

// --- pipelines: the upstream classifier, every handler. ---------------------

function fix(error: pipelines.CatalogError): string {
  return pipelines.handleError(error, {
    PIPELINE_UNKNOWN_INPUT_PARAM: (e) => `rename ${e.params.name}`,
    PIPELINE_NON_ASCII_IN_COMPONENT: (e) => `clean run ${e.params.run}`,
    PIPELINE_CONNECTION_RESET: () => "reconnect",
    PIPELINE_UNAUTHORIZED_NAMESPACE: (e) => `${e.params.user} @ ${e.params.namespace}`,
    PIPELINE_NOT_FOUND: () => "upload",
    PIPELINE_PARAM_TOO_LONG: (e) => `max ${e.params.max_size + 1}`,
    PIPELINE_LOGIN_FAILED: () => "login",
    PIPELINE_QUOTA_REQUIRES_RESOURCES: (e) => `${e.params.quota}/${e.params.resources}`,
    PIPELINE_WHEN_EXPRESSION_QUOTING: (e) => `token ${e.params.token}`,
  });
}

const unknownParam = pipelines.classify({
  http: 500,
  grpc: 13,
  message: "Run failed: Unrecognized input parameter: learning_rate",
});
check(unknownParam !== undefined, "classify: unknown param");
if (unknownParam !== undefined) {
  equal(unknownParam.code, "PIPELINE_UNKNOWN_INPUT_PARAM", "classify code");
  equal(fix(unknownParam), "rename learning_rate", "classify param");
  equal(unknownParam.message, "파이프라인에 learning_rate(이)라는 입력 파라미터가 없습니다.", "classify: ko is the default");
}
const tooLong = pipelines.classify(
  { http: 400, grpc: 3, message: "The input parameter length exceed maximum size of 10000" },
  "en",
);
equal(tooLong && fix(tooLong), "max 10001", "classify int param");
equal(tooLong?.message, "An input parameter value is longer than the limit of 10000.", "classify en");
const namespace = pipelines.classify({
  http: 403,
  grpc: 7,
  message: "User 'kim@example.com' is not authorized with reason: x (request: Namespace:team-a, Verb: get)",
});
equal(namespace && fix(namespace), "kim@example.com @ team-a", "classify two groups");
equal(pipelines.classify({ http: 500, grpc: 13, message: "read: connection reset by peer" })?.code, "PIPELINE_CONNECTION_RESET", "contains");
equal(pipelines.classify({ message: "read: connection reset by peer" }), undefined, "http and grpc must hold");
equal(pipelines.classify({ message: "no authservice_session cookie" })?.code, "PIPELINE_LOGIN_FAILED", "contains alone");
const quota = pipelines.classify({ message: "pods is forbidden: failed quota: kf-quota: must specify cpu,memory" });
equal(quota && fix(quota), "kf-quota/cpu,memory", "regex alone");
const when = pipelines.classify({ message: "Cannot transition token types from STRING [{] to VARIABLE [inputs.x]" });
equal(when && fix(when), "token inputs.x", "escaped brackets");
equal(pipelines.classify({ http: 500, grpc: 13, message: "something else" }), undefined, "no rule");

// --- pipelines: bodies as each declared system sends them. ------------------

// Kubeflow-shaped bodies (texts of our own): the gRPC code in `code`, the
// message in `message`, details in `details[0]`.
const notFoundBody =
  '{"error":"lookup failed","code":5,"message":"lookup failed: Failed to get namespace from Pipeline ID: no row",' +
  '"details":[{"@type":"type.googleapis.com/api.Error","error_message":"Pipeline  not found."}]}';
equal(
  pipelines.classify({ http: 404, grpc: 5, message: "lookup failed: Failed to get namespace from Pipeline ID" }),
  undefined,
  "classify does not read the detail field",
);
equal(pipelines.classifyBody("kubeflow", { http: 404 }, notFoundBody)?.code, "PIPELINE_NOT_FOUND", "body text");
equal(
  pipelines.classifyBody("kubeflow", { http: 404 }, JSON.parse(notFoundBody) as unknown)?.code,
  "PIPELINE_NOT_FOUND",
  "parsed body",
);
equal(pipelines.classifyBody("kubeflow", { http: 500 }, notFoundBody), undefined, "status must hold");
equal(
  pipelines.classifyBody("kubeflow", { http: 404, grpc: 13 }, notFoundBody)?.code,
  "PIPELINE_NOT_FOUND",
  "the gRPC code comes from the body",
);
equal(
  pipelines.classifyBody("kubeflow", { http: 404 }, notFoundBody.replace('"code":5', '"code":"5"')),
  undefined,
  "a gRPC code that is no number",
);
equal(
  pipelines.classifyBody("kubeflow", { http: 404 }, notFoundBody.replace("Pipeline  not", "Experiment not")),
  undefined,
  "the detail must match",
);
equal(
  pipelines.classifyBody("kubeflow", { http: 404 }, '{"code":5,"message":"Failed to get namespace from Pipeline ID","details":[]}'),
  undefined,
  "no detail",
);
equal(pipelines.classifyBody("kubeflow", { http: 502 }, "<html>Bad Gateway</html>"), undefined, "not JSON");
equal(pipelines.classifyBody("kubeflow", { http: 404 }, null), undefined, "null body");
const tooLongBody = pipelines.classifyBody(
  "kubeflow",
  { http: 400 },
  { code: 3, message: "rejected: The input parameter length exceed maximum size of 4096.", details: [] },
  "en",
);
equal(tooLongBody && fix(tooLongBody), "max 4097", "body int param");
const stepText = "step train-3: pods is forbidden: failed quota: team-quota: must specify cpu";
equal(pipelines.classifyBody("argo", {}, stepText)?.code, "PIPELINE_QUOTA_REQUIRES_RESOURCES", "text system");
equal(pipelines.classifyBody("kfp_client", {}, stepText), undefined, "only that system's rules");
equal(
  pipelines.classifyBody("kfp_client", { http: 500 }, "KeyError: 'authservice_session'")?.code,
  "PIPELINE_LOGIN_FAILED",
  "client text",
);
equal(pipelines.UPSTREAM_SYSTEMS.join(","), "kubeflow,kfp_client,argo", "systems");
// @ts-expect-error: not a system of the catalog
pipelines.classifyBody("kubflow", {}, "");

// --- hostile: keywords as names, every handler, and `default` alongside. ----

function hostileName(error: hostile.CatalogError): string {
  return hostile.handleError(error, {
    HOSTILE_TYPE: (e) => `${e.params.default}/${e.params.match}`,
    HOSTILE_MATCH: () => "match",
    HOSTILE_ENUM: () => "enum",
    HOSTILE_DEFAULT: () => "default",
    HOSTILE_DELETE: (e) => e.params.self,
    HOSTILE_SELF: () => "self",
  });
}
equal(hostileName(hostile.createError("HOSTILE_TYPE", { default: "d", match: 7 })), "d/7", "keyword params");
equal(hostileName(hostile.createError("HOSTILE_DELETE", { self: "me" })), "me", "self");
equal(hostile.Code.default, "HOSTILE_DEFAULT", "keyword entry name");
equal(hostile.Code["type"], "HOSTILE_TYPE", "keyword entry name, quoted");
equal(
  hostile.formatMessage("HOSTILE_TYPE", { default: "`${x}`", match: 1 }),
  'Quote " backslash \\ backtick ` dollar-brace ${x} close-comment */ braces { } value `${x}` n=1',
  "hostile en",
);
equal(hostile.formatMessage("HOSTILE_DELETE", { self: "me" }, "zh"), "'单' \"双\" `反` me", "hostile zh");
equal(hostile.ENTRIES.HOSTILE_MATCH.messages.en, "Line one\nLine two\twith a tab and a NUL \0 here", "raw");
equal(
  hostile.handleError(hostile.createError("HOSTILE_ENUM", {}), { HOSTILE_ENUM: () => 1, default: () => 2 }),
  1,
  "hostile partial",
);

console.log("usage: ok");
