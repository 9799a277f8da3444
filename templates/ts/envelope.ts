/** {{ envelope.doc }} */
export interface Envelope {
{%- for m in envelope.members %}
  /** {{ m.doc }} */
  {{ m.line }}
{%- endfor %}
}

/**
 * Whether `body` is an error response of this catalog: each member of its
 * type. Its code may be one this module does not know (from a newer
 * server), so that its message can still be read: `parse` tells them apart.
 */
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
{%- for record in envelope.records %}

/** {{ record.doc }} */
export interface {{ record.name }} {
{%- for m in record.members %}
  /** {{ m.doc }} */
  {{ m.line }}
{%- endfor %}
}

/** Whether `value` is of type `{{ record.name }}`: an object whose fields have their types. */
export function is{{ record.name }}(value: unknown): value is {{ record.name }} {
  return (
{%- for c in record.checks %}
    {{ c }}{% if !loop.last %} &&{% endif %}
{%- endfor %}
  );
}
{%- endfor %}
{%- if envelope.uses_is_object %}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
{%- endif %}
