{#- Written in two parts (`part`, see `plan` in src/generate/ts.rs): the
    codes and entries, then the rest. -#}
{%- if part == 0 -%}
// {{ header }}
{%- if !about.is_empty() %}
//
{%- for line in about %}
//{% if !line.is_empty() %} {{ line }}{% endif %}
{%- endfor %}
{%- endif %}

{% include "ts/codes.ts" %}

{% include "ts/entries.ts" %}

{% else -%}
{% include "ts/messages.ts" %}

{% include "ts/errors.ts" %}

{% include "ts/envelope.ts" %}

{% include "ts/decode.ts" -%}
{%- if !upstreams.is_empty() %}

{% include "ts/upstream.ts" -%}
{%- endif %}
{%- endif %}
