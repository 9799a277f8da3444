{% for line in locale_doc -%}
{{ line }}
{% endfor -%}
{% for line in locales_allow -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ locale }} {
{%- for l in locales %}
{%- for line in l.doc %}
    {{ line }}
{%- endfor %}
{%- if l.is_default %}
    #[default]
{%- endif %}
    {{ l.variant }},
{%- endfor %}
}

#[allow(dead_code)]
impl {{ locale }} {
    /// Every locale, in the order of the catalog.
    #[rustfmt::skip]
    pub const ALL: [Self; {{ locales.len() }}] = [
{%- for l in locales %}
        Self::{{ l.variant }},
{%- endfor %}
    ];

    /// The default locale: a message missing in another locale falls back to it.
    pub const DEFAULT: Self = Self::{{ default_locale }};

    /// The locale's tag as the catalog writes it.
    #[inline]
    pub const fn tag(self) -> &'static str {
        match self {
{%- for l in locales %}
            Self::{{ l.variant }} => {{ l.tag }},
{%- endfor %}
        }
    }

    /// The locale with this tag, ignoring case and `-`/`_`; failing that,
    /// the first with the same primary subtag (`zh-CN` finds `zh`).
    #[inline]
    pub fn from_tag(tag: &str) -> Option<Self> {
        #[inline]
        fn same(a: &str, b: &str) -> bool {
            a.len() == b.len()
                && a.bytes().zip(b.bytes()).all(|(x, y)| {
                    x.eq_ignore_ascii_case(&y)
                        || (matches!(x, b'-' | b'_') && matches!(y, b'-' | b'_'))
                })
        }
        #[inline]
        fn primary(tag: &str) -> &str {
            tag.split(['-', '_']).next().unwrap_or(tag)
        }
        Self::ALL
            .into_iter()
            .find(|locale| same(locale.tag(), tag))
            .or_else(|| {
                Self::ALL
                    .into_iter()
                    .find(|locale| same(primary(locale.tag()), primary(tag)))
            })
    }
}

impl std::fmt::Display for {{ locale }} {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}
