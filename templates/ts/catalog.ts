// {{ header }}
{%- if !about.is_empty() %}
//
{%- for line in about %}
//{% if !line.is_empty() %} {{ line }}{% endif %}
{%- endfor %}
{%- endif %}

/** A code of this catalog. */
export type ErrorCode =
{%- for code in self.code_literals() %}
  | {{ code }}
{%- endfor %}
{%- if entries.is_empty() %} never{% endif %};

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
export const Code = /* @__PURE__ */ Object.freeze({
{{- self.code_object() }}
} as const);

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

/** The params of each code's message. */
export interface Params {
{%- for e in self.entry_views() %}
  {{ e.code }}: {% if e.entry.params.is_empty() %}Record<string, never>{% else %}{ {% for p in e.entry.params %}{% if !loop.first %}; {% endif %}readonly {{ crate::generate::ts::type_key(p.name.original()) }}: {{ crate::generate::ts::ts_type(*p.ty) }}{% endfor %} }{% endif %};
{%- endfor %}
}

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

/** Every entry, by code. */
export const ENTRIES: EntryTable = /* @__PURE__ */ frozenEntries({
{{- self.entry_rows() }}
});

/** Freezes `entries`, each entry and its messages; returns `entries`. */
function frozenEntries(entries: EntryTable): EntryTable {
  for (const entry of Object.values<Entry>(entries)) {
    Object.freeze(entry.messages);
    Object.freeze(entry);
  }
  return Object.freeze(entries);
}

/** A message: literal text at even indices, param names at odd ones. */
type MessageTemplate = readonly string[];

const TEMPLATES: { readonly [C in ErrorCode]: Readonly<Partial<Record<Locale, MessageTemplate>>> } = {
{{- self.template_rows() }}
};

/**
 * The template of `code` in `locale`, else in the default locale. Checked,
 * for callers without types: an unknown code or locale falls back.
 */
function templateOf(code: unknown, locale: unknown): MessageTemplate | undefined {
  const templates = own(TEMPLATES, code as ErrorCode);
  if (templates === undefined) {
    return undefined;
  }
  return (isLocale(locale) ? templates[locale] : undefined) ?? templates[DEFAULT_LOCALE];
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
  const template = templateOf(code, locale);
  if (template === undefined) {
    return String(code);
  }
  const values: Readonly<Record<string, unknown>> = params;
  let text = "";
  template.forEach((piece, index) => {
    text += index % 2 === 0 ? piece : String(values[piece]);
  });
  return text;
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
export type MissingHandlers<C extends ErrorCode> = {
  readonly [K in C as `handler for ${K} (or {{ fallback_name }})`]: unknown;
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
export function handleError<R>(error: CatalogError, handlers: object): R {
  // The overloads have checked the handlers: here each takes any error.
  const table = handlers as Readonly<Record<PropertyKey, ((error: CatalogError) => R) | undefined>>;
  const { code }: { readonly code: PropertyKey } = error;
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

/** One upstream rule: what the upstream error must have, and the catalog's error it makes. */
interface UpstreamRule {
  readonly http?: number;
  readonly grpc?: number;
  readonly contains?: string;
  readonly pattern?: RegExp;
  /** The catalog's error, its params from the pattern's named groups. */
  readonly error: (groups: Readonly<Record<string, string | undefined>>, locale: Locale) => CatalogError;
}

/**
 * The upstream rules, in catalog order. Each `createError` is given its code
 * as its type argument, which spares tsc inferring it against every member
 * of `CatalogError`; `as const` keeps tsc from reducing the rules' types to
 * one union, whose cost grows with the square of their number.
 */
const UPSTREAM_RULES: readonly UpstreamRule[] = [
{%- for rule in upstreams %}
  // {{ rule.comment }}
  {
{%- if let Some(http) = rule.http %}
    http: {{ http }},
{%- endif %}
{%- if let Some((number, name)) = rule.grpc %}
    grpc: {{ number }}, // {{ name }}
{%- endif %}
{%- if let Some(contains) = rule.contains %}
    contains: {{ contains }},
{%- endif %}
{%- if let Some(pattern) = rule.pattern %}
    pattern: {{ pattern }},
{%- endif %}
    error: ({% if rule.uses_groups() %}groups{% else %}_groups{% endif %}, locale) => {{ rule.result }},
  },
{%- endfor %}
] as const;

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
    if (
      (rule.http === undefined || rule.http === upstream.http) &&
      (rule.grpc === undefined || rule.grpc === upstream.grpc) &&
      (rule.contains === undefined || upstream.message.includes(rule.contains))
    ) {
      const match = rule.pattern === undefined ? undefined : rule.pattern.exec(upstream.message);
      if (match !== null) {
        return rule.error(match?.groups ?? {}, locale);
      }
    }
  }
  return undefined;
}
{%- endif %}
