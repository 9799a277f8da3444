{% for line in envelope_view.doc -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive({{ envelope_view.derives }})]
pub struct {{ envelope }} {
{%- for field in envelope_view.fields %}
{%- for line in field.doc %}
    {{ line }}
{%- endfor %}
{%- for attr in field.attrs %}
    {{ attr }}
{%- endfor %}
    pub {{ field.ident }}: {{ field.ty }},
{%- endfor %}
}

#[allow(dead_code)]
impl {{ envelope }} {
    /// {{ envelope_view.kind_doc }}
    #[inline]
    pub fn kind(&self) -> Option<{{ kind }}> {
        {{ envelope_view.kind_expr }}
    }
}
{%- if let Some((name, items)) = envelope_view.titles %}

/// The problem title of each kind, by `{{ kind }} as usize`: a short summary
/// that is the same for every occurrence of the code (RFC 9457, 3.1.4).
#[rustfmt::skip]
static {{ name }}: [&str; {{ items.len() }}] = [
{%- for item in items %}
    {{ item }},
{%- endfor %}
];
{%- endif %}
