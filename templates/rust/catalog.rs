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
    #[rustfmt::skip]
    pub const ALL: [Self; {{ catalog.entries.len() }}] = [
        {{- self.kinds_all() }}
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

    /// The kind with this code (a binary search of the codes).
{%- if let Some(int) = int_code %}
    #[inline]
    pub fn from_code(code: {{ int }}) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|&at| Self::ALL[at as usize].code().cmp(&code));
        found.ok().map(|at| Self::ALL[by_code[at] as usize])
    }
{%- else %}
    #[inline]
    pub fn from_code(code: &str) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|&at| Self::ALL[at as usize].code().cmp(code));
        found.ok().map(|at| Self::ALL[by_code[at] as usize])
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

{% for line in error_doc -%}
{{ line }}
{% endfor -%}
{% for line in entries_allow -%}
{{ line }}
{% endfor -%}
#[allow(dead_code)]
#[derive(Clone, PartialEq)]
pub struct {{ error }} {
    kind: {{ kind }},
    /// The params' values, in the order the catalog declares them.
    args: Box<[{{ param_value }}]>,
}

/// The constructors: one per entry, named after it in snake_case, with its
/// params in the order the catalog declares them. (One line each, as a
/// table: rustfmt leaves them as they are.) The catalog chooses the names
/// and the number of params, so clippy's opinion of either does not apply.
#[allow(dead_code, clippy::too_many_arguments, clippy::should_implement_trait)]
#[rustfmt::skip]
impl {{ error }} {
    {{- self.constructors() }}
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
    #[inline]
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
    #[inline]
    fn from(value: &String) -> Self {
        Self::Str(value.clone())
    }
}

impl From<&i64> for {{ param_value }} {
    #[inline]
    fn from(value: &i64) -> Self {
        Self::Int(*value)
    }
}

impl From<&f64> for {{ param_value }} {
    #[inline]
    fn from(value: &f64) -> Self {
        Self::Float(*value)
    }
}

impl From<&bool> for {{ param_value }} {
    #[inline]
    fn from(value: &bool) -> Self {
        Self::Bool(*value)
    }
}

#[allow(dead_code)]
impl {{ error }} {
    /// The kind of error, without its params.
    #[inline]
    pub const fn kind(&self) -> {{ kind }} {
        self.kind
    }

    /// The code on the wire.
    #[inline]
    pub const fn code(&self) -> {{ code_type }} {
        self.kind().code()
    }

    /// {{ http_doc }}
    #[inline]
    pub const fn http_status(&self) -> {{ http_type }} {
        self.kind().http_status()
    }

    /// The gRPC status code (the numbers `tonic::Code` uses){% if grpc_type != "i32" %}, if the catalog gives one{% endif %}.
    #[inline]
    pub const fn grpc_code(&self) -> {{ grpc_type }} {
        self.kind().grpc_code()
    }

    /// Whether retrying the failed request may succeed.
    #[inline]
    pub const fn is_retryable(&self) -> bool {
        self.kind().is_retryable()
    }
{%- if let Some(stage) = stage %}

    /// The stage the error occurs in{% if stage.ty != "&'static str" %}, if the catalog names one{% endif %}.
    #[inline]
    pub const fn stage(&self) -> {{ stage.ty }} {
        self.kind().stage()
    }
{%- endif %}

    /// The message in `locale`, with the params filled in. A locale without
    /// a message for this entry gets the default locale's; an entry without
    /// any message gets its code.
    #[inline]
    pub fn message(&self, locale: {{ locale }}) -> String {
        self.display_in(locale).to_string()
    }

    /// The message in `locale`, written when displayed.
    #[inline]
    pub fn display_in(&self, locale: {{ locale }}) -> {{ message }}<'_> {
        {{ message }} {
            error: self,
            locale,
        }
    }

    /// The params as (name in the catalog, typed value) pairs, in the order
    /// the catalog declares them.
    #[inline]
    pub fn params(&self) -> Vec<(&'static str, {{ param_value }})> {
        let names = {{ table }}::param_names(self.kind);
        names.zip(self.args.iter().cloned()).collect()
    }

    /// The value of the param the catalog names `name`, if the entry has it.
    #[inline]
    pub fn param(&self, name: &str) -> Option<&{{ param_value }}> {
        let mut names = {{ table }}::param_names(self.kind);
        let at = names.position(|param| param == name)?;
        self.args.get(at)
    }

    /// The body of an error response, with the message in `locale`.
    #[inline]
    pub fn to_envelope(&self, locale: {{ locale }}) -> {{ envelope }} {
        {{ envelope }} {
{%- for field in envelope_view.fields %}
            {{ field.ident }}: {{ field.value }},
{%- endfor %}
        }
    }

    #[inline]
    fn write_message(
        &self,
        locale: {{ locale }},
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        {{ table }}::write(self.kind, locale as usize, &self.args, f)
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
    #[inline]
    pub fn classify(status: Option<u16>, grpc: Option<i32>, message: &str) -> Option<Self> {
{%- if classifier.has_patterns %}
        // Each mapping's pattern, compiled when first needed.
        static PATTERNS: [std::sync::OnceLock<regex::Regex>; {{ classifier.count }}] =
            [const { std::sync::OnceLock::new() }; {{ classifier.count }}];
        for (rule, pattern) in {{ table }}::UPSTREAMS.iter().zip(&PATTERNS) {
{%- else %}
        for rule in &{{ table }}::UPSTREAMS {
{%- endif %}
            if rule.http.is_some_and(|http| status != Some(http))
                || rule.grpc.is_some_and(|code| grpc != Some(code))
                || rule.contains.is_some_and(|text| !message.contains(text))
            {
                continue;
            }
{%- if classifier.has_patterns %}
            let captures = match rule.pattern {
                Some(source) => {
                    let pattern = pattern.get_or_init(|| {
                        regex::Regex::new(source).expect("errgen checked the upstream patterns")
                    });
                    let Some(captures) = pattern.captures(message) else {
                        continue;
                    };
                    Some(captures)
                }
                None => None,
            };
            let capture = |name: &str| Some(captures.as_ref()?.name(name)?.as_str());
{%- else %}
            let capture = |_: &str| None;
{%- endif %}
            if let Some(error) = Self::from_upstream(rule.kind, &capture) {
                return Some(error);
            }
        }
        None
    }

    /// The error of `kind` that an upstream mapping found, its params filled
    /// from the named groups `capture` gives (see [`Self::classify`]).
    #[inline]
    fn from_upstream<'m>(
        kind: {{ kind }},
        capture: &dyn Fn(&str) -> Option<&'m str>,
    ) -> Option<Self> {
        let params = {{ table }}::params(kind);
        let names = {{ table }}::param_names(kind);
        let mut args = Vec::with_capacity(params.len());
        for (name, ty) in names.zip(&{{ table }}::PARAM_TYPES[params]) {
            args.push(ty.parse(capture(name))?);
        }
        Some(Self {
            kind,
            args: args.into_boxed_slice(),
        })
    }
{%- endif %}
}

impl std::fmt::Display for {{ error }} {
    /// Writes the message in the default locale.
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_message({{ locale }}::DEFAULT, f)
    }
}

impl std::error::Error for {{ error }} {}

impl std::fmt::Debug for {{ error }} {
    /// Writes the kind and the params (named as in the catalog), as a
    /// derived `Debug` of a variant with fields would.
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let variant = format!("{:?}", self.kind);
        let mut debug = f.debug_struct(&variant);
        let names = {{ table }}::param_names(self.kind);
        for (name, value) in names.zip(self.args.iter()) {
            debug.field(name, {{ table }}::inner(value));
        }
        debug.finish()
    }
}

{%- if !has_float %}

impl Eq for {{ error }} {}
{%- endif %}

/// An error's message in one locale, written when displayed: see
/// [`{{ error }}::display_in`].
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub struct {{ message }}<'a> {
    error: &'a {{ error }},
    locale: {{ locale }},
}

impl std::fmt::Display for {{ message }}<'_> {
    #[inline]
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
    #[inline]
    pub fn kind(&self) -> Option<{{ kind }}> {
        {{ envelope_view.kind_expr }}
    }
}

/// The data of the {{ catalog_code }} catalog as tables, read by the methods
/// of [`{{ kind }}`] and [`{{ error }}`]: a column per fact, indexed by
/// `{{ kind }} as usize` (the variants are declared in catalog order); every
/// text (codes, names, params' names, the pieces of the messages split at
/// their placeholders) in one string, [`TEXT`], cut at the offsets of
/// [`AT`]; and one function, [`write`], that writes a message from its
/// pieces. Tables of numbers rather than a `match` per method, or tables of
/// strings and structs, keep the module cheap to compile: rustc checks a
/// table of integers at almost no cost per entry.
#[allow(dead_code)]
mod {{ table }} {
    use super::{{ kind }} as Kind;
    use super::{{ param_value }} as ParamValue;

    /// Every text, one a line: text `i` is `TEXT[AT[i]..AT[i + 1]]` (see
    /// [`text`]). In order:
{%- if int_code.is_none() %}
    /// - the codes (entry `i`'s is text `i`),
{%- endif %}
    /// - the names (entry `i`'s is text `NAME + i`),
    /// - the params' names (param `p`'s is text `PARAM + p`),
    /// - the pieces of the messages (piece `j`'s is text `PIECE + j`)
{%- if stage.is_some() %},
    /// - the stages.
{%- else %}.
{%- endif %}
    #[rustfmt::skip]
    pub static TEXT: &str = "\{{ self.text() }}
    ";

    /// Where each text of [`TEXT`] starts, then where the last ends.
    #[rustfmt::skip]
    pub static AT: [u32; {{ text_count + 1 }}] = [
        {{- self.text_offsets() }}
    ];

    /// The first name in [`TEXT`].
    const NAME: usize = {{ name_base }};
    /// The first param's name in [`TEXT`].
    const PARAM: usize = {{ param_base }};
    /// The first piece of a message in [`TEXT`].
    const PIECE: usize = {{ piece_base }};

    /// Text `i` of [`TEXT`].
    #[inline]
    pub const fn text(i: usize) -> &'static str {
        let start = AT[i] as usize;
        let end = AT[i + 1] as usize;
        TEXT.split_at(start).1.split_at(end - start).0
    }
{%- if let Some(int) = int_code %}

    /// The code of each entry.
    #[rustfmt::skip]
    pub static CODE: [{{ int }}; {{ catalog.entries.len() }}] = [
        {{- self.int_codes() }}
    ];
{%- endif %}

    /// The HTTP status of each entry{% if !every_http %} (`0`: none){% endif %}.
    #[rustfmt::skip]
    pub static HTTP: [u16; {{ catalog.entries.len() }}] = [
        {{- self.http_column() }}
    ];

    /// The gRPC status code of each entry{% if !every_grpc %} (`-1`: none){% endif %}.
    #[rustfmt::skip]
    pub static GRPC: [i8; {{ catalog.entries.len() }}] = [
        {{- self.grpc_column() }}
    ];

    /// [`RETRYABLE`] and [`SUCCESS`], for each entry.
    #[rustfmt::skip]
    pub static FLAGS: [u8; {{ catalog.entries.len() }}] = [
        {{- self.flags_column() }}
    ];

    /// A flag: retrying the failed request may succeed.
    pub const RETRYABLE: u8 = 1;
    /// A flag: the entry is a success rather than an error.
    pub const SUCCESS: u8 = 2;
{%- if let Some(stage) = stage %}

    /// The text of the stage of each entry{% if !stage.every %} (`u32::MAX`: none){% endif %}.
    #[rustfmt::skip]
    pub static STAGE: [u32; {{ catalog.entries.len() }}] = [
        {{- self.stage_column() }}
    ];
{%- endif %}

    /// Where each entry's params start, then where the last ends: entry
    /// `i`'s params are `PARAMS[i]..PARAMS[i + 1]`, in the order the
    /// catalog declares them.
    #[rustfmt::skip]
    pub static PARAMS: [u32; {{ catalog.entries.len() + 1 }}] = [
        {{- self.params_column() }}
    ];

    /// The pieces of each entry's message in each locale, in the order of
    /// `{{ locale }}::ALL`: `[first, end]`. A locale without a message of
    /// the entry has the default locale's, and an entry without any
    /// message its code.
    #[rustfmt::skip]
    pub static MESSAGES: [[[u32; 2]; {{ locales.len() }}]; {{ catalog.entries.len() }}] = [
        {{- self.messages_column() }}
    ];

    /// After each piece of a message, the param whose value follows it: its
    /// index (in the order the entry declares its params) plus one, or `0`
    /// for none.
    #[rustfmt::skip]
    pub static PIECE_PARAM: [u16; {{ piece_count }}] = [
        {{- self.piece_params() }}
    ];

    /// Every kind, sorted by code: `{{ kind }}::from_code` searches it.
    #[rustfmt::skip]
    pub static BY_CODE: [u32; {{ catalog.entries.len() }}] = [
        {{- self.by_code() }}
    ];
{%- if let Some(classifier) = classifier %}

    /// Each param's type (see [`PARAMS`]).
    #[rustfmt::skip]
    pub static PARAM_TYPES: [Type; {{ param_count }}] = [
        {{- self.param_types() }}
    ];

    /// An upstream mapping: how an error of another system is recognized
    /// (every condition given must hold).
    pub struct Upstream {
        /// The kind it recognizes.
        pub kind: Kind,
        /// The HTTP status the error must have.
        pub http: Option<u16>,
        /// The gRPC status code the error must have.
        pub grpc: Option<i32>,
        /// Text the message must contain.
        pub contains: Option<&'static str>,
        /// A regular expression the message must match; its named groups
        /// fill the params of the same name.
        pub pattern: Option<&'static str>,
    }

    /// The upstream mappings, in catalog order: the first that matches wins.
    #[rustfmt::skip]
    pub static UPSTREAMS: [Upstream; {{ classifier.count }}] = [
{%- for line in classifier.rows %}
        {{ line }}
{%- endfor %}
    ];

    /// A param's type, for the params an upstream mapping fills.
    #[derive(Clone, Copy)]
    pub enum Type {
        Bool,
        Int,
        Float,
        Str,
    }

    impl Type {
        /// The value of a param of this type from the text a pattern
        /// captured (`None`, if it does not parse), or its type's default
        /// when nothing was captured.
        #[inline]
        pub fn parse(self, captured: Option<&str>) -> Option<ParamValue> {
            Some(match (self, captured) {
                (Self::Bool, Some(text)) => ParamValue::Bool(text.parse().ok()?),
                (Self::Int, Some(text)) => ParamValue::Int(text.parse().ok()?),
                (Self::Float, Some(text)) => ParamValue::Float(text.parse().ok()?),
                (Self::Str, Some(text)) => ParamValue::Str(text.to_owned()),
                (Self::Bool, None) => ParamValue::Bool(false),
                (Self::Int, None) => ParamValue::Int(0),
                (Self::Float, None) => ParamValue::Float(0.0),
                (Self::Str, None) => ParamValue::Str(String::new()),
            })
        }
    }
{%- endif %}

    /// The params of the entry of `kind` (see [`PARAMS`]).
    #[inline]
    pub fn params(kind: Kind) -> std::ops::Range<usize> {
        PARAMS[kind as usize] as usize..PARAMS[kind as usize + 1] as usize
    }

    /// The names of the params of the entry of `kind`, in the order the
    /// catalog declares them.
    #[inline]
    pub fn param_names(kind: Kind) -> impl Iterator<Item = &'static str> {
        params(kind).map(|param| text(PARAM + param))
    }

    /// The entry's name in the catalog.
    #[inline]
    pub const fn name(kind: Kind) -> &'static str {
        text(NAME + kind as usize)
    }

    /// The value inside a param's value, for `Debug`.
    #[inline]
    pub fn inner(value: &ParamValue) -> &dyn std::fmt::Debug {
        match value {
            ParamValue::Bool(value) => value,
            ParamValue::Int(value) => value,
            ParamValue::Float(value) => value,
            ParamValue::Str(value) => value,
        }
    }

    /// Writes the message of `kind` in the locale at `locale`, with the
    /// params' values `args` (in declaration order) filled in.
    #[inline]
    pub fn write(
        kind: Kind,
        locale: usize,
        args: &[ParamValue],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        let [first, end] = MESSAGES[kind as usize][locale];
        let pieces = first as usize..end as usize;
        for (piece, &param) in pieces.clone().zip(&PIECE_PARAM[pieces]) {
            f.write_str(text(PIECE + piece))?;
            let value = usize::from(param).checked_sub(1);
            if let Some(value) = value.and_then(|at| args.get(at)) {
                std::fmt::Display::fmt(value, f)?;
            }
        }
        Ok(())
    }
}
