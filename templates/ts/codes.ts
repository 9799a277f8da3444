/** The params of each code's message, by code: its keys are the codes. */
export interface Params {
{%- for e in self.entry_views() %}
  {{ e.code }}: {% if e.entry.params.is_empty() %}Record<string, never>{% else %}{ {% for p in e.entry.params %}{% if !loop.first %}; {% endif %}readonly {{ p.name.original()|type_key }}: {{ p.ty|ts_type(catalog) }}{% endfor %} }{% endif %};
{%- endfor %}
}

/**
 * A code of this catalog: a key of `Params`. (The same type, so that tsc
 * need not compare two unions of every code to check `Params[C]`.)
 */
export type ErrorCode = keyof Params;

/**
 * Every code, in catalog order. (A JSON array in one template literal,
 * which tsc checks as one string: literals would cost it a type each, and
 * checked against `ErrorCode` a look through the union each.)
 */
export const ERROR_CODES: readonly ErrorCode[] = /* @__PURE__ */ codeList(`[
{%- for e in self.entry_views() %}
{{ e.code_json() }}{% if !loop.last %},{% endif %}
{%- endfor %}
]`);

/** The codes of the JSON array `json`, frozen. */
function codeList(json: string): readonly ErrorCode[] {
  return Object.freeze(JSON.parse(json) as ErrorCode[]);
}

const CODE_SET: ReadonlySet<unknown> = /* @__PURE__ */ new Set<unknown>(ERROR_CODES);

/** Whether `value` is a code of this catalog (an alias is not: see `canonicalCode`). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return CODE_SET.has(value);
}
{%- if !aliases.is_empty() %}

/**
 * A published code that an entry also answers to (`alias` in the catalog):
 * a body that carries one means that entry. Servers send the entry's code.
 */
export type AliasCode = {% for (alias, _) in aliases %}{% if !loop.first %} | {% endif %}{{ alias }}{% endfor %};

/** Each alias, with the code of the entry it means. */
export const ALIASES: ReadonlyMap<AliasCode, ErrorCode> = /* @__PURE__ */ new Map<AliasCode, ErrorCode>([
{%- for (alias, code) in aliases %}
  [{{ alias }}, {{ code }}],
{%- endfor %}
]);
{%- endif %}

/**
 * The code of this catalog that `value` means: the code itself, or for an
 * alias the code of its entry; `undefined` for anything else. Read a
 * received code through it, so that a published alias is understood.
 */
export function canonicalCode(value: unknown): ErrorCode | undefined {
{%- if aliases.is_empty() %}
  return isErrorCode(value) ? value : undefined;
{%- else %}
  return isErrorCode(value) ? value : (ALIASES as ReadonlyMap<unknown, ErrorCode>).get(value);
{%- endif %}
}

/**
 * The code of each entry, by the entry's name. (Read-only for tsc, not
 * frozen: a frozen copy would cost tsc a second type of every member.)
 */
export const Code = {
{%- for e in self.entry_views() %}
{{- e.jsdoc() }}
  {{ e.entry.name.lower_camel()|object_key }}: {{ e.code }},
{%- endfor %}
} as const;

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
