{%- import "rust/struct.rs" as item -%}
{% for record in records -%}
{% if !loop.first %}

{% endif -%}
{% call item::struct_item(record) %}{% endcall %}

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
