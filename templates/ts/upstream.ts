/** An error reported by an upstream system. */
export interface UpstreamError {
  /** Its HTTP status, if it came over HTTP. */
  readonly http?: number | undefined;
  /** Its gRPC status code, if it came over gRPC. */
  readonly grpc?: number | undefined;
  /** Its message. */
  readonly message: string;
}

/**
 * One upstream rule: the code of the catalog's error it makes; the HTTP
 * status, gRPC code and substring the upstream error must have (`null`:
 * any); for each param of the error, its name, its type and the pattern's
 * named group it is read from (`null`: none); the pattern the upstream
 * message must match (`null`: any); the index of the upstream system whose
 * errors it recognizes (`null`: none named); and which text `contains` and
 * the pattern read: 0 the message, `i` the system's field `i - 1`.
 */
type UpstreamRule = readonly [
  code: string | number,
  http: number | null,
  grpc: number | null,
  contains: string | null,
  params: readonly (readonly [name: string, type: ParamType, group: string | null])[],
  pattern: RegExp | null,
  system: number | null,
  containsIn: number,
  patternIn: number,
];

/** The type of a param, as `UpstreamRule` names it. */
type ParamType = "string" | "integer" | "number" | "boolean";

/**
 * Each upstream rule as a JSON row, one per line, in catalog order: an
 * `UpstreamRule` with the pattern's source for the pattern (flag `u`).
 * (One template literal: tsc checks it as one string, where literals cost
 * it a type per value and each rule's tuple a check against `UpstreamRule`.)
 */
const UPSTREAM_ROWS = `
{%- for rule in upstreams %}
{{ rule.row }}
{%- endfor %}
`;

/** The upstream rules, their patterns compiled. */
const UPSTREAM_RULES: readonly UpstreamRule[] = /* @__PURE__ */ upstreamRules(UPSTREAM_ROWS);

/** The rules of `rows` (see `UPSTREAM_ROWS`). */
function upstreamRules(rows: string): readonly UpstreamRule[] {
  const rules: UpstreamRule[] = [];
  for (const text of rows.split("\n")) {
    if (text !== "") {
      const [code, http, grpc, contains, params, source, system, containsIn, patternIn] = JSON.parse(text) as readonly [
        string | number,
        number | null,
        number | null,
        string | null,
        readonly (readonly [string, ParamType, string | null])[],
        string | null,
        number | null,
        number,
        number,
      ];
      const pattern = source === null ? null : new RegExp(source, "u");
      rules.push([code, http, grpc, contains, params, pattern, system, containsIn, patternIn]);
    }
  }
  return rules;
}

/**
 * The catalog's error for a known upstream error, its params taken from the
 * upstream message and its message rendered in `locale`; `undefined` when
 * no rule matches. Rules are tried in catalog order; a rule matches when
 * all its conditions hold (a rule on a JSON field of its system never does
 * here: `classifyBody` reads the fields). A param the rule does not capture
 * is `""`, `0` or `false`; a captured value not of its param's type (a
 * 64-bit integer, a float, `true` or `false`) means the rule does not match.
 */
export function classify(
  upstream: UpstreamError,
  locale: Locale = DEFAULT_LOCALE,
): CatalogError | undefined {
  return classifyIn(null, upstream.http, upstream.grpc, (text) => (text === 0 ? upstream.message : undefined), locale);
}
{%- if let Some(systems) = systems %}

/**
 * A system whose errors the catalog's `upstream` mappings recognise:
{%- for line in systems.doc %}
 * {{ line }}
{%- endfor %}
 */
export type UpstreamSystem = {{ systems.union }};

/** Every upstream system, in catalog order. */
export const UPSTREAM_SYSTEMS: readonly UpstreamSystem[] = /* @__PURE__ */ Object.freeze([
{%- for name in systems.names %}
  {{ name }},
{%- endfor %}
]);

/** What the call that failed brought besides its body. */
export interface UpstreamCall {
  /** Its HTTP status, if it came over HTTP. */
  readonly http?: number | undefined;
  /** Its gRPC status code (the `grpc-status` trailer), if it came over gRPC. */
  readonly grpc?: number | undefined;
}

/** Where a part of an upstream error is read: the call (or the whole text), or a path into the JSON body. */
type Read = "call" | readonly (string | number)[];

/** How a system's errors arrive: with the call's HTTP status or not; where the gRPC code is read (`null`: nowhere); where its texts are read (the message, then each declared field). */
type SystemSource = readonly [status: boolean, grpc: Read | null, texts: readonly Read[]];

/** Each system's `SystemSource`, in catalog order, as JSON. */
const SYSTEM_ROWS = `{{ systems.rows }}`;

/** The systems' sources. */
const SYSTEM_SOURCES = /* @__PURE__ */ JSON.parse(SYSTEM_ROWS) as readonly SystemSource[];

/**
 * The catalog's error for what `system` sent, read as the catalog declares
 * the system, and its message rendered in `locale`; `undefined` when no rule
 * of the system matches. `call` gives the HTTP status and gRPC code of the
 * call, each read only when the system's errors come with it. `body` is
 * what the system sent: its JSON text or the value parsed from it, from
 * which the gRPC code, the message and the declared fields are read at their
 * paths; or its whole text, for a system whose message is the text. A
 * condition on what the error lacks (a body that is not JSON, a path that
 * finds nothing, or no string) does not hold.
 */
export function classifyBody(
  system: UpstreamSystem,
  call: UpstreamCall,
  body: unknown,
  locale: Locale = DEFAULT_LOCALE,
): CatalogError | undefined {
  const index = UPSTREAM_SYSTEMS.indexOf(system);
  const source = SYSTEM_SOURCES[index];
  if (source === undefined) {
    return undefined;
  }
  const [status, grpcRead, texts] = source;
  let json: unknown = body;
  if (typeof body === "string" && [grpcRead, ...texts].some((read) => read !== null && read !== "call")) {
    try {
      json = JSON.parse(body) as unknown;
    } catch {
      json = undefined;
    }
  }
  const read = (at: Read): unknown => (at === "call" ? body : walk(json, at));
  const grpcValue = grpcRead === null ? undefined : grpcRead === "call" ? call.grpc : read(grpcRead);
  const grpc = typeof grpcValue === "number" && Number.isInteger(grpcValue) ? grpcValue : undefined;
  const text = (at: number): string | undefined => {
    const where = texts[at];
    const value = where === undefined ? undefined : read(where);
    return typeof value === "string" ? value : undefined;
  };
  return classifyIn(index, status ? call.http : undefined, grpc, text, locale);
}

/** The value at `path` in `value` (own members and elements only), or `undefined`. */
function walk(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const step of path) {
    const fits =
      typeof step === "number" ? Array.isArray(at) : typeof at === "object" && at !== null && !Array.isArray(at);
    if (!fits || !Object.prototype.hasOwnProperty.call(at, step)) {
      return undefined;
    }
    at = (at as Readonly<Record<string | number, unknown>>)[step];
  }
  return at;
}
{%- endif %}

/**
 * The first rule (of the system at `system`, when not `null`) whose
 * conditions hold on `http`, `grpc` and the texts `text` gives (see
 * `UpstreamRule`), as the catalog's error.
 */
function classifyIn(
  system: number | null,
  http: number | undefined,
  grpc: number | undefined,
  text: (at: number) => string | undefined,
  locale: Locale,
): CatalogError | undefined {
  for (const rule of UPSTREAM_RULES) {
    const [, ruleHttp, ruleGrpc, contains, , pattern, ruleSystem, containsIn, patternIn] = rule;
    if (
      (system === null || system === ruleSystem) &&
      (ruleHttp === null || ruleHttp === http) &&
      (ruleGrpc === null || ruleGrpc === grpc) &&
      (contains === null || (text(containsIn)?.includes(contains) ?? false))
    ) {
      const searched = pattern === null ? undefined : text(patternIn);
      const match = pattern === null ? undefined : searched === undefined ? null : pattern.exec(searched);
      // `object`, not `CatalogError`: narrowing a union of every code's
      // error costs tsc its "too complex to represent" (TS2590) at 10,000.
      const error = match === null ? undefined : upstreamError(rule, match?.groups ?? {}, locale);
      if (error !== undefined) {
        return error as CatalogError;
      }
    }
  }
  return undefined;
}

/** The error `rule` makes, its params read from `groups`; `undefined` when a captured value is not of its param's type. */
function upstreamError(
  rule: UpstreamRule,
  groups: Readonly<Record<string, string | undefined>>,
  locale: Locale,
): object | undefined {
  const [code, , , , sources] = rule;
  const params: Record<string, unknown> = {};
  for (const [name, type, group] of sources) {
    const value = parseParam(type, group === null ? undefined : groups[group]);
    if (value === undefined) {
      return undefined;
    }
    Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { code, params, message: messageOf(code, params, locale) };
}

/**
 * A param of `type` read from a pattern's group: its type's zero when
 * nothing was captured, else the text read as every target reads it (a
 * 64-bit integer, a float as Rust's `f64::from_str` reads one, `true` or
 * `false`), or `undefined`.
 */
function parseParam(type: ParamType, text: string | undefined): string | number | boolean | undefined {
  if (type === "string") {
    return text ?? "";
  }
  if (text === undefined) {
    return type === "boolean" ? false : 0;
  }
  if (type === "boolean") {
    return text === "true" ? true : text === "false" ? false : undefined;
  }
  if (type === "integer") {
    // In 64 bits: at most 19 digits, and the 19 no more than 2^63 - 1 (2^63 below zero).
    const parts = /^([+-]?)0*([0-9]+)$/.exec(text);
    const digits = parts?.[2] ?? "";
    const limit = parts?.[1] === "-" ? "9223372036854775808" : "9223372036854775807";
    return parts !== null && (digits.length < 19 || (digits.length === 19 && digits <= limit)) ? Number(text) : undefined;
  }
  const float = /^([+-]?)(?:(inf(?:inity)?)|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)$/i.exec(text);
  if (float === null) {
    return undefined;
  }
  if (float[2] !== undefined) {
    return float[1] === "-" ? -Infinity : Infinity;
  }
  return /nan/i.test(text) ? Number.NaN : Number(text);
}
