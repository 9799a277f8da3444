/** A message: literal text at even indices, param names at odd ones. */
type MessageTemplate = readonly string[];

/**
 * The message templates of one code: the code, then its template in each
 * locale of `LOCALES` (`null`: no message in that locale).
 */
type TemplateRow = readonly [code: string | number, ...templates: (MessageTemplate | null)[]];

/** Each code's `TemplateRow` as JSON, one per line (see `ENTRY_ROWS`). */
const TEMPLATE_ROWS = `
{%- for e in self.entry_views() %}
{{ e.template_row() }}
{%- endfor %}
`;

/** The templates of each code, in the order of `LOCALES`. */
const TEMPLATES = /* @__PURE__ */ templateMap(TEMPLATE_ROWS);

/** `rows` by code. (A function, so that a bundler may drop the rows with the map.) */
function templateMap(rows: string): ReadonlyMap<unknown, readonly (MessageTemplate | null)[]> {
  const map = new Map<unknown, readonly (MessageTemplate | null)[]>();
  for (const text of rows.split("\n")) {
    if (text !== "") {
      const [code, ...templates] = JSON.parse(text) as TemplateRow;
      map.set(code, templates);
    }
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
