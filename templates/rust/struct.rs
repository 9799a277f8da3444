{#- A struct of the module, with its doc, derives and fields: an envelope's
    (rust/envelope.rs) or a record's (rust/records.rs). -#}
{%- macro struct_item(item) -%}
{% for line in item.doc -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive({{ item.derives }})]
pub struct {{ item.name }} {
{%- for field in item.fields %}
{%- for line in field.doc %}
    {{ line }}
{%- endfor %}
{%- for attr in field.attrs %}
    {{ attr }}
{%- endfor %}
    pub {{ field.ident }}: {{ field.ty }},
{%- endfor %}
}
{%- endmacro %}
