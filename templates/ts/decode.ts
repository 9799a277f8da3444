/**
 * What a received body with a code of this catalog (or an alias of one)
{%- if decode.params %}
 * decodes to: the error of its code, its params checked against their
 * declared types.
 */
export type KnownError<C extends ErrorCode = ErrorCode> = ErrorOf<C>;
{%- else %}
 * decodes to: its code and its message as sent. Not every envelope carries params,
 * so none are made up: a handler of a decoded error reads no `params`.
 */
export interface KnownError<C extends ErrorCode = ErrorCode> {
  /** The code (an alias is read as its entry's code). */
  readonly code: C;
  /** The message as received. */
  readonly message: string;
}
{%- endif %}

/** A received error whose code this module does not know (from a newer server). */
export interface UnknownError {
  /** Always `true`: tells it apart from a known error. */
  readonly unknown: true;
  /** The code as received. */
  readonly code: {{ decode.code_type }};
  /** The message as received (`""` from an envelope without one). */
  readonly message: string;
  /** The body as received. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** What `parse` and the `from…Envelope` functions return: a known error or an `UnknownError`. */
export type Decoded = {% if decode.params %}CatalogError{% else %}KnownError{% endif %} | UnknownError;

/** Handlers for a decoded error: some codes, and `{{ fallback_name }}` for the others and for unknown codes. */
export type DecodedHandlers<R> = {
  readonly [C in ErrorCode]?: (error: KnownError<C>) => R;
} & {
  readonly {{ fallback_key }}: (error: Decoded) => R;
};

/** Why a body is not an error response of this catalog, or a param not of its type. */
export class DecodeError extends Error {
  /** The code as received, for a param's error. */
  readonly code: {{ decode.code_type }} | undefined;
  /** Where, for a param's error: its name, then `[i]` or `.key` for what is in it. */
  readonly param: string | undefined;
  /** The type the catalog declares there (`list<string>`). */
  readonly expected: string | undefined;
  /** What came instead: the JSON of a scalar, `an array`, `an object`, or `nothing`. */
  readonly found: string | undefined;

  constructor(
    message: string,
    param?: { code: {{ decode.code_type }}; param: string; expected: string; found: string },
  ) {
    super(message);
    this.name = "DecodeError";
    this.code = param?.code;
    this.param = param?.param;
    this.expected = param?.expected;
    this.found = param?.found;
  }
}

/**
 * Decodes the body of an error response (an object, or its JSON text) in
 * any of the catalog's envelopes that carry a code, tried in the order the
 * catalog declares them{% for s in decode.shapes %}{% if loop.first %} ({% else %}, {% endif %}`{{ s.name }}`{% if loop.last %}){% endif %}{% endfor %}: the
 * known error of its code (an alias read as its entry's code){% if decode.params %}, its params
 * checked (a param the entry does not declare is ignored, for a newer
 * server's sake){% endif %}, or an `UnknownError` for a code this module does not
 * know. Throws a `DecodeError` for a body in none of those envelopes{% if decode.params %} or a
 * param that is missing or not of its type{% endif %}.
 */
export function parse(body: unknown): Decoded {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new DecodeError({{ decode.not_ours }} + "not JSON (" + String(error) + ")");
    }
  }
{%- for s in decode.shapes %}
  if (is{{ s.name }}(value)) {
    return from{{ s.name }}(value);
  }
{%- endfor %}
  throw new DecodeError({{ decode.not_ours }} + "in none of its envelopes");
}
{%- for s in decode.shapes %}

/** Decodes a received `{{ s.name }}`, as `parse` does a body. */
export function from{{ s.name }}(envelope: {{ s.name }}): Decoded {
  const body = envelope as unknown as Readonly<Record<string, unknown>>;
{%- if let Some(error_wire) = s.error_wire %}
  const fields = body[{{ error_wire }}] as Readonly<Record<string, unknown>>;
{%- else %}
  const fields = body;
{%- endif %}
  return decodeFields(body, fields, {{ s.code_wire }}, {{ s.message_wire }}{% if decode.params %}, {{ s.params_wire }}{% endif %});
}
{%- endfor %}

/**
 * The error whose parts are `fields` (the body's own members, or its
 * nested error object's) under these wire names; a missing message
 * member reads as `""`.
 */
function decodeFields(
  body: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, unknown>>,
  codeWire: string,
  messageWire: string | undefined,
{%- if decode.params %}
  paramsWire: string,
{%- endif %}
): Decoded {
  const received = fields[codeWire] as {{ decode.code_type }};
  const message = messageWire === undefined ? "" : (fields[messageWire] as string);
  const code = canonicalCode(received);
  if (code === undefined) {
    const unknown: UnknownError = { unknown: true, code: received, message, body };
    return unknown;
  }
{%- if decode.params %}
  const params = checkedParams(received, code, fields[paramsWire]);
  return { code, params, message } as Decoded;
{%- else %}
  const known: KnownError = { code, message };
  return known;
{%- endif %}
}
{%- if decode.params %}

/**
 * A param's type as JSON: a scalar's name, `{"list": T}`, `{"map": T}` or
 * `{"record": i}` (`i` its index in `RECORD_TYPES`).
 */
type DecodeType = string | { readonly list: DecodeType } | { readonly map: DecodeType } | { readonly record: number };

/**
 * Each code with params and its params' types, one JSON row per line:
 * `[code, [[name, type], …]]` in declaration order. (One template literal:
 * tsc checks it as one string.)
 */
const PARAM_TYPE_ROWS = `
{%- for e in self.entry_views() %}
{%- if !e.entry.params.is_empty() %}
{{ e.param_types_row() }}
{%- endif %}
{%- endfor %}
`;

/** The record types as JSON: `[name, [[field, type, optional], …]]` each. */
const RECORD_TYPES = `{{ decode.records_json }}`;

/** A code's params' types: `[name, type]` each, in declaration order. */
type ParamTypes = readonly (readonly [string, DecodeType])[];

/** The record types: `[name, [[field, type, optional], …]]` each. */
type RecordTypes = readonly (readonly [string, readonly (readonly [string, DecodeType, boolean])[]])[];

/** `PARAM_TYPE_ROWS` by code and `RECORD_TYPES`, parsed when first needed. */
const DECODE_TYPES: { params?: Map<unknown, ParamTypes>; records?: RecordTypes } = {};

/** The params of `code` in `value` (a body's params member), each checked. */
function checkedParams(received: unknown, code: ErrorCode, value: unknown): object {
  let paramTypes = DECODE_TYPES.params;
  if (paramTypes === undefined) {
    paramTypes = new Map();
    for (const line of PARAM_TYPE_ROWS.split("\n")) {
      if (line !== "") {
        const [rowCode, types] = JSON.parse(line) as [unknown, ParamTypes];
        paramTypes.set(rowCode, types);
      }
    }
    DECODE_TYPES.params = paramTypes;
  }
  const given = (typeof value === "object" && value !== null ? value : {}) as Readonly<Record<string, unknown>>;
  const params: Record<string, unknown> = {};
  for (const [name, type] of paramTypes.get(code) ?? []) {
    const param = hasOwn(given, name) ? given[name] : undefined;
    checkParam(received, type, param, hasOwn(given, name), name);
    Object.defineProperty(params, name, { value: param, enumerable: true });
  }
  return params;
}

/** Throws a `DecodeError` unless `value` (`present` or not) is of `type`. */
function checkParam(code: unknown, type: DecodeType, value: unknown, present: boolean, path: string): void {
  const fail = (): never => {
    const expected = typeName(type);
    const found = present ? foundText(value) : "nothing";
    const at = { code: code as {{ decode.code_type }}, param: path, expected, found };
    throw new DecodeError("code `" + String(code) + "`: param `" + path + "` expected " + expected + ", found " + found, at);
  };
  if (!present) {
    fail();
  }
  if (typeof type === "string") {
    const fits =
      type === "any" ||
      (type === "string" && typeof value === "string") ||
      (type === "int" && Number.isInteger(value)) ||
      (type === "float" && typeof value === "number") ||
      (type === "bool" && typeof value === "boolean");
    if (!fits) {
      fail();
    }
  } else if ("list" in type) {
    if (!Array.isArray(value)) {
      fail();
    }
    (value as readonly unknown[]).forEach((item, i) => checkParam(code, type.list, item, true, path + "[" + String(i) + "]"));
  } else {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      fail();
    }
    const object = value as Readonly<Record<string, unknown>>;
    if ("map" in type) {
      for (const key of Object.keys(object)) {
        checkParam(code, type.map, object[key], true, path + "." + key);
      }
    } else {
      DECODE_TYPES.records ??= JSON.parse(RECORD_TYPES) as RecordTypes;
      for (const [field, fieldType, optional] of DECODE_TYPES.records?.[type.record]?.[1] ?? []) {
        const present = hasOwn(object, field) && !(optional && object[field] === null);
        if (present || !optional) {
          checkParam(code, fieldType, object[field], present, path + "." + field);
        }
      }
    }
  }
}

/** `type` as the catalog writes it (`list<string>`). */
function typeName(type: DecodeType): string {
  if (typeof type === "string") {
    return type;
  }
  if ("list" in type) {
    return "list<" + typeName(type.list) + ">";
  }
  if ("map" in type) {
    return "map<string, " + typeName(type.map) + ">";
  }
  return DECODE_TYPES.records?.[type.record]?.[0] ?? "record";
}

/** What came, in words: the JSON of a scalar, `an array`, `an object`. */
function foundText(value: unknown): string {
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "object" && value !== null) {
    return "an object";
  }
  if (typeof value === "string") {
    return "the string " + JSON.stringify(value);
  }
  return value === undefined ? "nothing" : JSON.stringify(value);
}
{%- endif %}
