{% for shape in envelope.shapes -%}
{% if !loop.first %}

{% endif -%}
/** {{ shape.doc }} */
export interface {{ shape.name }} {
{%- for m in shape.members %}
  /** {{ m.doc }} */
  {{ m.line }}
{%- endfor %}
}

/** {{ shape.guard_doc }} */
export function is{{ shape.name }}(body: unknown): body is {{ shape.name }} {
  if (typeof body !== "object" || body === null) {
    return false;
  }
  const fields = body as Readonly<Record<string, unknown>>;
  return (
{%- for c in shape.checks %}
    {{ c }}{% if !loop.last %} &&{% endif %}
{%- endfor %}
  );
}
{%- endfor %}
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
