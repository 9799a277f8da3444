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
 * named group it is read from (`null`: none); and the pattern the upstream
 * message must match (`null`: any).
 */
type UpstreamRule = readonly [
  code: string | number,
  http: number | null,
  grpc: number | null,
  contains: string | null,
  params: readonly (readonly [name: string, type: ParamType, group: string | null])[],
  pattern: RegExp | null,
];

/** The type of a param, as `UpstreamRule` names it. */
type ParamType = "string" | "number" | "boolean";

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
      const [code, http, grpc, contains, params, source] = JSON.parse(text) as readonly [
        string | number,
        number | null,
        number | null,
        string | null,
        readonly (readonly [string, ParamType, string | null])[],
        string | null,
      ];
      rules.push([code, http, grpc, contains, params, source === null ? null : new RegExp(source, "u")]);
    }
  }
  return rules;
}

/**
 * The catalog's error for a known upstream error, its params taken from the
 * upstream message and its message rendered in `locale`; `undefined` when
 * no rule matches. Rules are tried in catalog order; a rule matches when
 * all its conditions hold. A param the rule does not capture is `""`,
 * `NaN` or `false`.
 */
export function classify(
  upstream: UpstreamError,
  locale: Locale = DEFAULT_LOCALE,
): CatalogError | undefined {
  for (const rule of UPSTREAM_RULES) {
    const [, http, grpc, contains, , pattern] = rule;
    if (
      (http === null || http === upstream.http) &&
      (grpc === null || grpc === upstream.grpc) &&
      (contains === null || upstream.message.includes(contains))
    ) {
      const match = pattern === null ? undefined : pattern.exec(upstream.message);
      if (match !== null) {
        return upstreamError(rule, match?.groups ?? {}, locale);
      }
    }
  }
  return undefined;
}

/** The error `rule` makes, its params read from `groups`. */
function upstreamError(
  rule: UpstreamRule,
  groups: Readonly<Record<string, string | undefined>>,
  locale: Locale,
): CatalogError;
function upstreamError(
  rule: UpstreamRule,
  groups: Readonly<Record<string, string | undefined>>,
  locale: Locale,
): object {
  const [code, , , , sources] = rule;
  const params: Record<string, unknown> = {};
  for (const [name, type, group] of sources) {
    const text = group === null ? undefined : groups[group];
    const value =
      type === "string" ? text ?? "" : type === "number" ? Number(text ?? Number.NaN) : text === "true";
    Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return { code, params, message: messageOf(code, params, locale) };
}
