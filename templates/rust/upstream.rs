{% for line in systems.doc -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ systems.name }} {
{%- for s in systems.variants %}
{%- for line in s.doc %}
    {{ line }}
{%- endfor %}
    {{ s.variant }},
{%- endfor %}
}

#[allow(dead_code)]
impl {{ systems.name }} {
    /// Every system, in the order of the catalog.
    #[rustfmt::skip]
    pub const ALL: [Self; {{ systems.variants.len() }}] = [
{%- for s in systems.variants %}
        Self::{{ s.variant }},
{%- endfor %}
    ];

    /// The system's name in the catalog.
    #[inline]
    pub const fn name(self) -> &'static str {
        match self {
{%- for s in systems.variants %}
            Self::{{ s.variant }} => {{ s.name }},
{%- endfor %}
        }
    }

    /// The system with this name in the catalog.
    #[inline]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}