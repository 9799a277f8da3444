{% for record in records -%}
{% if !loop.first %}

{% endif -%}
{% for line in record.doc -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive({{ record.derives }})]
pub struct {{ record.name }} {
{%- for field in record.fields %}
{%- for line in field.doc %}
    {{ line }}
{%- endfor %}
{%- for attr in field.attrs %}
    {{ attr }}
{%- endfor %}
    pub {{ field.ident }}: {{ field.ty }},
{%- endfor %}
}

// (One line a field, as a table: rustfmt leaves them as they are.)
#[rustfmt::skip]
impl From<{{ record.name }}> for {{ param_value }} {
    /// The record as a JSON object, by wire name (an optional field left
    /// out when absent).
    #[inline]
    fn from(value: {{ record.name }}) -> Self {
{%- if record.fields.is_empty() %}
        let _ = value;
        Self::Map(std::collections::BTreeMap::new())
{%- else %}
        let mut map = std::collections::BTreeMap::new();
{%- for field in record.fields %}
        {{ field.value }}
{%- endfor %}
        Self::Map(map)
{%- endif %}
    }
}
{%- endfor %}
