// {{ header }}
{%- if !about.is_empty() %}
//
{%- for line in about %}
//{% if !line.is_empty() %} {{ line }}{% endif %}
{%- endfor %}
{%- endif %}

/** The params of each code's message, by code: its keys are the codes. */
export interface Params {
{%- for e in self.entry_views() %}
  {{ e.code }}: {% if e.entry.params.is_empty() %}Record<string, never>{% else %}{ {% for p in e.entry.params %}{% if !loop.first %}; {% endif %}readonly {{ crate::generate::ts::type_key(p.name.original()) }}: {{ crate::generate::ts::ts_type(*p.ty) }}{% endfor %} }{% endif %};
{%- endfor %}
}

/**
 * A code of this catalog: a key of `Params`. (The same type, so that tsc
 * need not compare two unions of every code to check `Params[C]`.)
 */
export type ErrorCode = keyof Params;

/**
 * Every code, in catalog order. (Frozen as `unknown`, then typed: checked
 * against `ErrorCode`, each code would cost tsc a look through the union.)
 */
export const ERROR_CODES = /* @__PURE__ */ Object.freeze<unknown>([
{%- for code in self.code_literals() %}
  {{ code }},
{%- endfor %}
]) as readonly ErrorCode[];

const CODE_SET: ReadonlySet<unknown> = /* @__PURE__ */ new Set<unknown>(ERROR_CODES);

/** Whether `value` is a code of this catalog. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return CODE_SET.has(value);
}

/** The code of each entry, by the entry's name. */
export const Code = /* @__PURE__ */ frozen({
{{- self.code_object() }}
} as const);

/**
 * Freezes `value` and returns it with its own type. (`Object.freeze` would
 * cost tsc a check of every property against its overloads' constraints.)
 */
function frozen<T extends object>(value: T): T {
  Object.freeze(value);
  return value;
}

/** A locale the messages are written in. */
export type Locale = {% for l in locales %}{% if !loop.first %} | {% endif %}{{ l }}{% endfor %};

/** Every locale; the first is the default. */
export const LOCALES: readonly Locale[] = /* @__PURE__ */ Object.freeze([{% for l in locales %}{% if !loop.first %}, {% endif %}{{ l }}{% endfor %}]);

/** The locale a message falls back to when it lacks the one asked for. */
export const DEFAULT_LOCALE: Locale = {{ default_locale }};

const LOCALE_SET: ReadonlySet<unknown> = /* @__PURE__ */ new Set<unknown>(LOCALES);

/** Whether `value` is a locale of this catalog. */
export function isLocale(value: unknown): value is Locale {
  return LOCALE_SET.has(value);
}
{%- if !stages.is_empty() %}

/** A stage an error occurs in. */
export type Stage = {% for s in stages %}{% if !loop.first %} | {% endif %}{{ s }}{% endfor %};
{%- endif %}

/** What the catalog says about one code; a field it does not set is absent. */
export interface Entry<C extends ErrorCode = ErrorCode> {
  /** The code. */
  readonly code: C;
  /** The entry's name in the catalog. */
  readonly name: string;
  /** Whether the code reports an error or a success. */
  readonly kind: "error" | "success";
  /** The name of the group it belongs to. */
  readonly group?: string;
  /** The HTTP status it comes with. */
  readonly http?: number;
  /** The gRPC status code it comes with. */
  readonly grpc?: number;
  /** Whether retrying may succeed. */
  readonly retryable: boolean;
  /** The stage it occurs in. */
  readonly stage?: {% if stages.is_empty() %}string{% else %}Stage{% endif %};
  /** Whether it is deprecated. */
  readonly deprecated: boolean;
  /** The code that replaces it, if deprecated. */
  readonly replacedBy?: ErrorCode;
  /** A link to more documentation. */
  readonly docs?: string;
  /** Its message per locale, placeholders (`{name}`, `{0}`) as written. */
  readonly messages: Readonly<Partial<Record<Locale, string>>>;
}

/** The entry of each code. */
export type EntryTable = { readonly [C in ErrorCode]: Entry<C> };

/**
 * One entry of `ENTRIES`: code, name, kind, group, HTTP status, gRPC code,
 * retryable, stage, deprecated, replaced by, docs, then its message in
 * each locale of `LOCALES`; `null` where the entry sets nothing.
 */
type EntryRow = readonly (string | number | boolean | null)[];

/**
 * Each entry's `EntryRow` as JSON text. (Text that tsc checks as one
 * string per entry: literals, even plain arrays, cost it a type per value.)
 */
const ENTRY_ROWS: readonly string[] = [
  // [code, name, kind, group, http, grpc, retryable, stage, deprecated, replacedBy, docs{% for l in locales %}, {{ l }}{% endfor %}]
{{- self.entry_rows() }}
];

/** The fields of an `EntryRow` after code, name and kind, in order. */
const ENTRY_FIELDS: readonly string[] = ["group", "http", "grpc", "retryable", "stage", "deprecated", "replacedBy", "docs"];

/** Every entry, by code. */
export const ENTRIES: EntryTable = /* @__PURE__ */ entryTable(ENTRY_ROWS);

/**
 * The frozen table of `rows`: each entry and its messages frozen, the
 * fields an entry does not set left out, each code an own property (also
 * `__proto__`).
 */
function entryTable(rows: readonly string[]): EntryTable;
function entryTable(rows: readonly string[]): object {
  const table = {};
  for (const text of rows) {
    const row = JSON.parse(text) as EntryRow;
    const entry: Record<string, unknown> = { code: row[0], name: row[1], kind: row[2] };
    ENTRY_FIELDS.forEach((field, index) => {
      const value = row[index + 3];
      if (value !== null && value !== undefined) {
        entry[field] = value;
      }
    });
    const messages = {};
    LOCALES.forEach((locale, index) => {
      const message = row[index + ENTRY_FIELDS.length + 3];
      if (message !== null && message !== undefined) {
        Object.defineProperty(messages, locale, { value: message, enumerable: true });
      }
    });
    entry["messages"] = Object.freeze(messages);
    Object.defineProperty(table, String(row[0]), { value: Object.freeze(entry), enumerable: true });
  }
  return Object.freeze(table);
}

/** A message: literal text at even indices, param names at odd ones. */
type MessageTemplate = readonly string[];

/**
 * The message templates of one code: the code, then its template in each
 * locale of `LOCALES` (`null`: no message in that locale).
 */
type TemplateRow = readonly [code: string | number, ...templates: (MessageTemplate | null)[]];

/** Each code's `TemplateRow` as JSON text (see `ENTRY_ROWS`). */
const TEMPLATE_ROWS: readonly string[] = [
{{- self.template_rows() }}
];

/** The templates of each code, in the order of `LOCALES`. */
const TEMPLATES = /* @__PURE__ */ templateMap(TEMPLATE_ROWS);

/** `rows` by code. (A function, so that a bundler may drop the rows with the map.) */
function templateMap(
  rows: readonly string[],
): ReadonlyMap<unknown, readonly (MessageTemplate | null)[]> {
  const map = new Map<unknown, readonly (MessageTemplate | null)[]>();
  for (const text of rows) {
    const [code, ...templates] = JSON.parse(text) as TemplateRow;
    map.set(code, templates);
  }
  return map;
}

/**
 * The template of `code` in `locale`, else in the default locale. Checked,
 * for callers without types: an unknown code or locale falls back.
 */
function templateOf(code: unknown, locale: unknown): MessageTemplate | undefined {
  const templates = TEMPLATES.get(code);
  if (templates === undefined) {
    return undefined;
  }
  return templates[LOCALES.indexOf(locale as Locale)] ?? templates[0] ?? undefined;
}

/**
 * The message of `code` in `locale` (see `formatMessage`). Private, and
 * taking `unknown`, so that tsc does not relate every code's params.
 */
function messageOf(code: unknown, params: unknown, locale: unknown): string {
  const template = templateOf(code, locale);
  if (template === undefined) {
    return String(code);
  }
  const values = params as Readonly<Record<string, unknown>>;
  let text = "";
  for (let index = 0; index < template.length; index++) {
    const piece = template[index] ?? "";
    text += index % 2 === 0 ? piece : String(values[piece]);
  }
  return text;
}

/**
 * The message of `code` in `locale` with its placeholders filled from
 * `params`. Without a message in `locale` it uses the default locale's,
 * and without that the code itself.
 */
export function formatMessage<C extends ErrorCode>(
  code: C,
  params: Params[C],
  locale: Locale = DEFAULT_LOCALE,
): string {
  return messageOf(code, params, locale);
}

/** An error with one code: its params and its rendered message. */
export interface ErrorOf<C extends ErrorCode> {
  /** The code. */
  readonly code: C;
  /** The values of the message's placeholders. */
  readonly params: Params[C];
  /** The rendered message. */
  readonly message: string;
}

/** An error with any code of this catalog; `switch` on `code` to narrow it. */
export type CatalogError = { [C in ErrorCode]: ErrorOf<C> }[ErrorCode];

/** An error with `code` and `params`, its message rendered in `locale`. */
export function createError<C extends ErrorCode>(
  code: C,
  params: Params[C],
  locale: Locale = DEFAULT_LOCALE,
): ErrorOf<C> {
  return { code, params, message: formatMessage(code, params, locale) };
}

/** A handler for every code. */
export type Handlers<R> = {
  readonly [C in ErrorCode]: (error: ErrorOf<C>) => R;
};

/** Handlers for some codes, and `{{ fallback_name }}` for the others. */
export type PartialHandlers<R> = {
  readonly [C in ErrorCode]?: (error: ErrorOf<C>) => R;
} & {
  readonly {{ fallback_key }}: (error: CatalogError) => R;
};

/** Handlers for some codes, and perhaps `{{ fallback_name }}`. */
export type HandlerMap<R> = {
  readonly [C in ErrorCode]?: (error: ErrorOf<C>) => R;
} & {
  readonly {{ fallback_key }}?: (error: CatalogError) => R;
};

/** The codes that the handler map `H` has no handler for, unless it has `{{ fallback_name }}`. */
export type Unhandled<H> = {{ fallback_literal }} extends keyof H ? never : Exclude<ErrorCode, keyof H>;

/** The keys of the handler map `H` that are neither codes nor `{{ fallback_name }}`. */
export type UnknownKeys<H> = Exclude<keyof H, ErrorCode | {{ fallback_literal }}>;

/**
 * A property for each code in `C`, named so that tsc's error for a missing
 * one says what to add.
 */
export type MissingHandlers<C> = {
  readonly [K in C & PropertyKey as `handler for ${K & (string | number)} (or {{ fallback_name }})`]: unknown;
};

/** Properties named `K`, which must not be given. */
export type Forbidden<K extends PropertyKey> = {
  readonly [P in K as `${P & (string | number)}`]: never;
};

/**
 * Calls the handler of `error.code` and returns what it returns.
 *
 * `handlers` names every code, or some codes and `{{ fallback_name }}`: a missing
 * handler is a type error that says a handler or `{{ fallback_name }}` is missing
 * and names the missing codes. At run time a code this module does not know
 * (from a newer server) goes to `{{ fallback_name }}`; without one, `handleError`
 * throws a `TypeError`.
 */
export function handleError<R>(error: CatalogError, handlers: PartialHandlers<R>): R;
export function handleError<R>(error: CatalogError, handlers: Handlers<R>): R;
export function handleError<R, H extends HandlerMap<R>>(
  error: CatalogError,
  handlers: H & HandlerMap<R> & MissingHandlers<Unhandled<H>> & Forbidden<UnknownKeys<H>>,
): R;
export function handleError<R>(error: object, handlers: object): R {
  // The overloads have checked the error and the handlers: here each
  // handler takes any error. (Typed as `object`, so that tsc does not
  // relate every code's error and handler to the implementation's.)
  const table = handlers as Readonly<Record<PropertyKey, ((error: object) => R) | undefined>>;
  const code = (error as { readonly code?: unknown }).code as PropertyKey;
  const handler = own(table, code) ?? own(table, {{ fallback_literal }});
  if (handler === undefined) {
    throw new TypeError("handleError: no handler for " + JSON.stringify(code) + " and no {{ fallback_name }} handler");
  }
  return handler(error);
}

/** Whether `key` is `object`'s own property, not one every object inherits. */
function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `object[key]` if it is the object's own, not one every object inherits. */
function own<H extends object, K extends keyof H>(object: H, key: K): H[K] | undefined {
  return hasOwn(object, key) ? object[key] : undefined;
}

/** {{ envelope.doc }} */
export interface Envelope {
{%- for m in envelope.members %}
  /** {{ m.doc }} */
  {{ m.line }}
{%- endfor %}
}

/** Whether `body` is an error response of this catalog, with a code it knows. */
export function isEnvelope(body: unknown): body is Envelope {
  if (typeof body !== "object" || body === null) {
    return false;
  }
  const fields = body as Readonly<Record<string, unknown>>;
  return (
{%- for c in envelope.checks %}
    {{ c }}{% if !loop.last %} &&{% endif %}
{%- endfor %}
  );
}
{%- if envelope.uses_is_object %}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
{%- endif %}
{%- if !upstreams.is_empty() %}

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
 * The upstream rules, in catalog order: rows of data, which tsc checks in
 * linear time (an object or a function per rule cost it a type per rule,
 * and relating each rule's error to `CatalogError`).
 */
const UPSTREAM_RULES: readonly UpstreamRule[] = [
{%- for rule in upstreams %}
  // {{ rule.comment }}
  [
    {{ rule.code }}, {% match rule.http %}{% when Some(http) %}{{ http }}{% when None %}null{% endmatch %}, {% match rule.grpc %}{% when Some((number, _)) %}{{ number }}{% when None %}null{% endmatch %}, {% match rule.contains %}{% when Some(contains) %}{{ contains }}{% when None %}null{% endmatch %}, [{% for p in rule.params %}{% if !loop.first %}, {% endif %}[{{ p.name }}, "{{ p.ty }}", {{ p.group }}]{% endfor %}],{% if let Some((_, name)) = rule.grpc %} // gRPC {{ name }}{% endif %}
    {% match rule.pattern %}{% when Some(pattern) %}{{ pattern }}{% when None %}null{% endmatch %},
  ],
{%- endfor %}
];

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
{%- endif %}