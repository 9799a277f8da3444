{#- Every type and inherent impl carries `#[allow(dead_code)]`: a crate that
    includes the module privately seldom uses every item, and an included
    file cannot hold an inner `#![allow(dead_code)]` for the whole module. -#}
{% for line in header -%}
{{ line }}
{% endfor %}
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
    /// Every locale, the default first.
    {{- self.locales_all() }}

    /// The default locale: a message missing in another locale falls back to it.
    pub const DEFAULT: Self = Self::{{ default_locale }};

    /// The locale's tag as the catalog writes it.
    pub const fn tag(self) -> &'static str {
        match self {
            {{- self.tag_arms() }}
        }
    }

    /// The locale with this tag, ignoring case and `-`/`_`; failing that,
    /// the first with the same primary subtag (`zh-CN` finds `zh`).
    pub fn from_tag(tag: &str) -> Option<Self> {
        fn same(a: &str, b: &str) -> bool {
            a.len() == b.len()
                && a.bytes().zip(b.bytes()).all(|(x, y)| {
                    x.eq_ignore_ascii_case(&y)
                        || (matches!(x, b'-' | b'_') && matches!(y, b'-' | b'_'))
                })
        }
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
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

{% for line in kind_doc -%}
{{ line }}
{% endfor -%}
{% for line in entries_allow -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ kind }} {
    {{- self.kind_variants() }}
}

#[allow(dead_code)]
impl {{ kind }} {
    /// Every kind, in catalog order.
    {{- self.kinds_all() }}

    /// The code on the wire.
    pub const fn code(self) -> {{ code_type }} {
        match self {
            {{- self.code_arms() }}
        }
    }

    /// The kind with this code.
{%- if let Some(int) = int_code %}
    pub fn from_code(code: {{ int }}) -> Option<Self> {
{%- else %}
    pub fn from_code(code: &str) -> Option<Self> {
{%- endif %}
        match code {
            {{- self.code_lookup_arms() }}
            _ => None,
        }
    }

    /// The entry's name in the catalog.
    pub const fn name(self) -> &'static str {
        match self {
            {{- self.name_arms() }}
        }
    }

    /// {{ http_doc }}
    pub const fn http_status(self) -> {{ http_type }} {
        {{- self.http_match() }}
    }

    /// The gRPC status code (the numbers `tonic::Code` uses){% if grpc_type != "i32" %}, if the catalog gives one{% endif %}.
    pub const fn grpc_code(self) -> {{ grpc_type }} {
        {{- self.grpc_match() }}
    }

    /// Whether retrying the failed request may succeed.
    pub const fn is_retryable(self) -> bool {
        {{- self.retryable_match() }}
    }

    /// Whether the entry is a success rather than an error.
    pub const fn is_success(self) -> bool {
        {{- self.success_match() }}
    }
{%- if let Some(stage) = stage %}

    /// The stage the error occurs in{% if stage.ty != "&'static str" %}, if the catalog names one{% endif %}.
    pub const fn stage(self) -> {{ stage.ty }} {
        {{- self.stage_match() }}
    }
{%- endif %}
}

impl std::fmt::Display for {{ kind }} {
    /// Writes the code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
{%- if int_code.is_some() %}
        std::fmt::Display::fmt(&self.code(), f)
{%- else %}
        f.write_str(self.code())
{%- endif %}
    }
}

impl std::str::FromStr for {{ kind }} {
    type Err = {{ unknown }};

    /// Looks a kind up by its code.
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
{%- for line in deserialize_lines %}
        {{ line }}
{%- endfor %}
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
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl std::fmt::Display for {{ unknown }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown code `")?;
        f.write_str(&self.code)?;
        f.write_str("` in the {{ catalog_code }} catalog")
    }
}

impl std::error::Error for {{ unknown }} {}

{% for line in error_doc -%}
{{ line }}
{% endfor -%}
{% for line in entries_allow -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive({{ error_derives }})]
pub enum {{ error }} {
    {{- self.error_variants() }}
}

/// A param's value as it travels in the envelope: typed, so that an `int`
/// param is a JSON number and a `bool` param a JSON boolean.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq{% if serde %}, serde::Serialize, serde::Deserialize{% endif %})]
{%- if serde %}
#[serde(untagged)]
{%- endif %}
pub enum {{ param_value }} {
    /// The value of a `bool` param.
    Bool(bool),
    /// The value of an `int` param.
    Int(i64),
    /// The value of a `float` param.
    Float(f64),
    /// The value of a `string` param.
    Str(String),
}

impl std::fmt::Display for {{ param_value }} {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bool(value) => std::fmt::Display::fmt(value, f),
            Self::Int(value) => std::fmt::Display::fmt(value, f),
            Self::Float(value) => std::fmt::Display::fmt(value, f),
            Self::Str(value) => f.write_str(value),
        }
    }
}

impl From<&String> for {{ param_value }} {
    fn from(value: &String) -> Self {
        Self::Str(value.clone())
    }
}

impl From<&i64> for {{ param_value }} {
    fn from(value: &i64) -> Self {
        Self::Int(*value)
    }
}

impl From<&f64> for {{ param_value }} {
    fn from(value: &f64) -> Self {
        Self::Float(*value)
    }
}

impl From<&bool> for {{ param_value }} {
    fn from(value: &bool) -> Self {
        Self::Bool(*value)
    }
}

#[allow(dead_code)]
impl {{ error }} {
    /// The kind of error, without its params.
    pub const fn kind(&self) -> {{ kind }} {
        match self {
            {{- self.kind_arms() }}
        }
    }

    /// The code on the wire.
    pub const fn code(&self) -> {{ code_type }} {
        self.kind().code()
    }

    /// {{ http_doc }}
    pub const fn http_status(&self) -> {{ http_type }} {
        self.kind().http_status()
    }

    /// The gRPC status code (the numbers `tonic::Code` uses){% if grpc_type != "i32" %}, if the catalog gives one{% endif %}.
    pub const fn grpc_code(&self) -> {{ grpc_type }} {
        self.kind().grpc_code()
    }

    /// Whether retrying the failed request may succeed.
    pub const fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }
{%- if let Some(stage) = stage %}

    /// The stage the error occurs in{% if stage.ty != "&'static str" %}, if the catalog names one{% endif %}.
    pub const fn stage(&self) -> {{ stage.ty }} {
        self.kind().stage()
    }
{%- endif %}

    /// The message in `locale`, with the params filled in. A locale without
    /// a message for this entry gets the default locale's; an entry without
    /// any message gets its code.
    pub fn message(&self, locale: {{ locale }}) -> String {
        self.display_in(locale).to_string()
    }

    /// The message in `locale`, written when displayed.
    pub fn display_in(&self, locale: {{ locale }}) -> {{ message }}<'_> {
        {{ message }} {
            error: self,
            locale,
        }
    }

    /// The params as (name in the catalog, typed value) pairs, in the order
    /// the catalog declares them.
    pub fn params(&self) -> Vec<(&'static str, {{ param_value }})> {
        {{- self.params_match() }}
    }

    /// The body of an error response, with the message in `locale`.
    pub fn to_envelope(&self, locale: {{ locale }}) -> {{ envelope }} {
        {{ envelope }} {
{%- for field in envelope_view.fields %}
            {{ field.ident }}: {{ field.value }},
{%- endfor %}
        }
    }

    fn write_message({# Bound here beside an entry's params: `rust::LOCALS`. #}
        &self,
        {% if !message_uses_locale %}_{% endif %}locale: {{ locale }},
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        match self {
            {{- self.message_arms() }}
        }
    }
{%- if let Some(classifier) = classifier %}

    /// Recognizes an error from an upstream system by its HTTP status, gRPC
    /// code and message, as the catalog's `upstream` mappings describe it.
    ///
    /// The mappings are tried in catalog order and the first that matches
    /// wins. A mapping that names a status or a gRPC code does not match
    /// when it is `None`. Named groups of a mapping's pattern fill the params
    /// of the same name (a value that does not parse as the param's type
    /// means no match); params that no group fills get their type's default
    /// (empty, `0`, `false`).
    pub fn classify(status: Option<u16>, grpc: Option<i32>, message: &str) -> Option<Self> {
        type Rule = fn(Option<u16>, Option<i32>, &str) -> Option<{{ error }}>;
        const RULES: [Rule; {{ classifier.rules.len() }}] = [
{%- for rule in classifier.rules %}
            {{ error }}::{{ rule.name }},
{%- endfor %}
        ];
        RULES.iter().find_map(|rule| rule(status, grpc, message))
    }
{%- for rule in classifier.rules %}
{{ "" }}
{%- for line in rule.doc %}
    {{ line }}
{%- endfor %}
{%- for line in rule.signature %}
    {{ line }}
{%- endfor %}
{%- for line in rule.lines %}
        {{ line }}
{%- endfor %}
    }
{%- endfor %}
{%- endif %}
}

impl std::fmt::Display for {{ error }} {
    /// Writes the message in the default locale.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_message({{ locale }}::DEFAULT, f)
    }
}

impl std::error::Error for {{ error }} {}

/// An error's message in one locale, written when displayed: see
/// [`{{ error }}::display_in`].
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub struct {{ message }}<'a> {
    error: &'a {{ error }},
    locale: {{ locale }},
}

impl std::fmt::Display for {{ message }}<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.write_message(self.locale, f)
    }
}

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
    pub fn kind(&self) -> Option<{{ kind }}> {
        {{ envelope_view.kind_expr }}
    }
}

