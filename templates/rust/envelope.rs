{%- import "rust/struct.rs" as item -%}
{% for envelope in envelopes -%}
{% if !loop.first %}

{% endif -%}
{% call item::struct_item(envelope) %}{% endcall %}
{%- if let Some((kind_expr, kind_doc)) = envelope.kind %}

#[allow(dead_code)]
impl {{ envelope.name }} {
    /// {{ kind_doc }}
    #[inline]
    pub fn kind(&self) -> Option<{{ kind }}> {
        {{ kind_expr }}
    }
}
{%- endif %}
{%- if let Some((name, items)) = envelope.titles %}

/// The problem title of each kind, by `{{ kind }} as usize`: a short summary
/// that is the same for every occurrence of the code (RFC 9457, 3.1.4).
#[rustfmt::skip]
static {{ name }}: [&str; {{ items.len() }}] = [
{%- for item in items %}
    {{ item }},
{%- endfor %}
];
{%- endif %}
{%- endfor %}
