{#- One template per construct, included in the order of the module.
    Every type and inherent impl carries `#[allow(dead_code)]`: a crate that
    includes the module privately seldom uses every item, and an included
    file cannot hold an inner `#![allow(dead_code)]` for the whole module.
    Written in two parts (`part`, see `plan` in src/generate/rust.rs): the
    types and impls, then the tables. -#}
{%- if part == 0 -%}
{% for line in header -%}
{{ line }}
{% endfor %}
{% include "rust/locale.rs" %}

{% include "rust/kind.rs" %}

{% include "rust/error.rs" %}
{%- if let Some(classifier) = classifier %}
{%- if let Some(systems) = classifier.systems %}

{% include "rust/upstream.rs" %}
{%- endif %}
{%- endif %}
{%- if !records.is_empty() %}

{% include "rust/records.rs" %}
{%- endif %}

{% include "rust/envelope.rs" %}
{%- if let Some(decode) = decode %}

{% include "rust/decode.rs" %}
{%- endif %}

{% else -%}
{% include "rust/tables.rs" %}
{%- endif %}
