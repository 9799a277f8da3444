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
 * Each entry's `EntryRow` as JSON, one per line: [code, name, kind, group,
 * http, grpc, retryable, stage, deprecated, replacedBy, docs{% for l in locales %}, {{ l }}{% endfor %}].
 * (One template literal: tsc checks it as one string, where literals, even
 * one string per entry, cost it a type per value.)
 */
const ENTRY_ROWS = `
{%- for e in self.entry_views() %}
{{ e.entry_row() }}
{%- endfor %}
`;

/** The fields of an `EntryRow` after code, name and kind, in order. */
const ENTRY_FIELDS: readonly string[] = ["group", "http", "grpc", "retryable", "stage", "deprecated", "replacedBy", "docs"];

/** Every entry, by code. */
export const ENTRIES: EntryTable = /* @__PURE__ */ entryTable(ENTRY_ROWS);

/**
 * The frozen table of `rows`: each entry and its messages frozen, the
 * fields an entry does not set left out, each code an own property (also
 * `__proto__`).
 */
function entryTable(rows: string): EntryTable;
function entryTable(rows: string): object {
  const table = {};
  for (const text of rows.split("\n")) {
    if (text === "") {
      continue;
    }
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
