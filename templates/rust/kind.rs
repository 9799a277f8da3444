{% for line in kind_doc -%}
{{ line }}
{% endfor -%}
{% for line in entries_allow -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]{# `Debug` is written below from the table: a derived one is a `match`
    with an arm per entry. #}
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ kind }} {
{%- for e in catalog.entries %}
    /// {{ e|kind_summary(catalog) }}
    {{ e|variant }},
{%- endfor %}
}

#[allow(dead_code)]
impl {{ kind }} {
    /// Every kind, in catalog order.
    #[rustfmt::skip]
    pub const ALL: [Self; {{ catalog.entries.len() }}] = [
{%- for e in catalog.entries %}
        Self::{{ e|variant }},
{%- endfor %}
    ];

    /// The code on the wire.
    #[inline]
    pub const fn code(self) -> {{ code_type }} {
{%- if int_code.is_some() %}
        {{ table }}::CODE[self as usize]
{%- else %}
        {{ table }}::text(self as usize)
{%- endif %}
    }

    /// The kind with this code{% if alias_count > 0 %}, or with this alias (a published code an
    /// entry also answers to): a binary search of the codes, then of the
    /// aliases{% else %} (a binary search of the codes){% endif %}.
{%- if let Some(int) = int_code %}
    #[inline]
    pub fn from_code(code: {{ int }}) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|&at| Self::ALL[at as usize].code().cmp(&code));
{%- if alias_count > 0 %}
        match found {
            Ok(at) => Some(Self::ALL[by_code[at] as usize]),
            Err(_) => {
                let aliases = &{{ table }}::ALIASES;
                let found = aliases.binary_search_by(|&(alias, _)| alias.cmp(&code));
                found.ok().map(|at| Self::ALL[aliases[at].1 as usize])
            }
        }
{%- else %}
        found.ok().map(|at| Self::ALL[by_code[at] as usize])
{%- endif %}
    }
{%- else %}
    #[inline]
    pub fn from_code(code: &str) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|&at| Self::ALL[at as usize].code().cmp(code));
{%- if alias_count > 0 %}
        match found {
            Ok(at) => Some(Self::ALL[by_code[at] as usize]),
            Err(_) => {
                let aliases = &{{ table }}::ALIASES;
                let found = aliases.binary_search_by(|&(alias, _)| alias.cmp(code));
                found.ok().map(|at| Self::ALL[aliases[at].1 as usize])
            }
        }
{%- else %}
        found.ok().map(|at| Self::ALL[by_code[at] as usize])
{%- endif %}
    }
{%- endif %}

    /// The entry's name in the catalog.
    #[inline]
    pub const fn name(self) -> &'static str {
        {{ table }}::name(self)
    }

    /// {{ http_doc }}
    #[inline]
    pub const fn http_status(self) -> {{ http_type }} {
{%- if every_http %}
        {{ table }}::HTTP[self as usize]
{%- else %}
        match {{ table }}::HTTP[self as usize] {
            0 => None,
            status => Some(status),
        }
{%- endif %}
    }

    /// The gRPC status code (the numbers `tonic::Code` uses){% if !every_grpc %}, if the catalog gives one{% endif %}.
    #[inline]
    pub const fn grpc_code(self) -> {{ grpc_type }} {
{%- if every_grpc %}
        {{ table }}::GRPC[self as usize] as i32
{%- else %}
        match {{ table }}::GRPC[self as usize] {
            -1 => None,
            code => Some(code as i32),
        }
{%- endif %}
    }

    /// Whether retrying the failed request may succeed.
    #[inline]
    pub const fn is_retryable(self) -> bool {
        {{ table }}::FLAGS[self as usize] & {{ table }}::RETRYABLE != 0
    }

    /// Whether the entry is a success rather than an error.
    #[inline]
    pub const fn is_success(self) -> bool {
        {{ table }}::FLAGS[self as usize] & {{ table }}::SUCCESS != 0
    }
{%- if let Some(stage) = stage %}

    /// The stage the error occurs in{% if !stage.every %}, if the catalog names one{% endif %}.
    #[inline]
    pub const fn stage(self) -> {{ stage.ty }} {
{%- if stage.every %}
        {{ table }}::text({{ table }}::STAGE[self as usize] as usize)
{%- else %}
        match {{ table }}::STAGE[self as usize] {
            u32::MAX => None,
            at => Some({{ table }}::text(at as usize)),
        }
{%- endif %}
    }
{%- endif %}
}

impl std::fmt::Display for {{ kind }} {
    /// Writes the code.
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
{%- if int_code.is_some() %}
        std::fmt::Display::fmt(&self.code(), f)
{%- else %}
        f.write_str(self.code())
{%- endif %}
    }
}

impl std::fmt::Debug for {{ kind }} {
    /// Writes the variant's name, as a derived `Debug` does.
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str({{ table }}::variant(*self))
    }
}

impl std::str::FromStr for {{ kind }} {
    type Err = {{ unknown }};

    /// Looks a kind up by its code.
    #[inline]
    fn from_str(code: &str) -> Result<Self, {{ unknown }}> {
{%- if let Some(int) = int_code %}
        code.parse::<{{ int }}>()
            .ok()
            .and_then(Self::from_code)
            .ok_or_else(|| {{ unknown }} {
                code: code.to_owned(),
            })
{%- else %}
        Self::from_code(code).ok_or_else(|| {{ unknown }} {
            code: code.to_owned(),
        })
{%- endif %}
    }
}
{%- if let Some(int) = int_code %}

impl TryFrom<{{ int }}> for {{ kind }} {
    type Error = {{ unknown }};

    /// Looks a kind up by its code.
    #[inline]
    fn try_from(code: {{ int }}) -> Result<Self, {{ unknown }}> {
        Self::from_code(code).ok_or_else(|| {{ unknown }} {
            code: code.to_string(),
        })
    }
}
{%- endif %}
{%- if serde %}

impl serde::Serialize for {{ kind }} {
    /// Serializes the code.
    #[inline]
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
{%- if let Some(int) = int_code %}
        serializer.serialize_{{ int }}(self.code())
{%- else %}
        serializer.serialize_str(self.code())
{%- endif %}
    }
}

impl<'de> serde::Deserialize<'de> for {{ kind }} {
    /// Deserializes a code.
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
{%- if let Some(int) = int_code %}
        let code = <{{ int }} as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_code(code).ok_or_else(|| {
            serde::de::Error::custom({{ unknown }} {
                code: code.to_string(),
            })
        })
{%- else %}
        let code = <String as serde::Deserialize>::deserialize(deserializer)?;
        match Self::from_code(&code) {
            Some(kind) => Ok(kind),
            None => {
                let unknown = {{ unknown }} { code };
                Err(serde::de::Error::custom(unknown))
            }
        }
{%- endif %}
    }
}
{%- endif %}

/// A code that the {{ catalog_code }} catalog does not have.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct {{ unknown }} {
    code: String,
}

#[allow(dead_code)]
impl {{ unknown }} {
    /// The code that was looked up.
    #[inline]
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl std::fmt::Display for {{ unknown }} {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown code `")?;
        f.write_str(&self.code)?;
        f.write_str("` in the {{ catalog_code }} catalog")
    }
}

impl std::error::Error for {{ unknown }} {}
