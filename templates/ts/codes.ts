/** The params of each code's message, by code: its keys are the codes. */
export interface Params {
{%- for e in self.entry_views() %}
  {{ e.code }}: {% if e.entry.params.is_empty() %}Record<string, never>{% else %}{ {% for p in e.entry.params %}{% if !loop.first %}; {% endif %}readonly {{ p.name.original()|type_key }}: {{ p.ty|ts_type }}{% endfor %} }{% endif %};
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
{%- for e in self.entry_views() %}
{{- e.jsdoc() }}
  {{ e.entry.name.lower_camel()|object_key }}: {{ e.code }},
{%- endfor %}
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
