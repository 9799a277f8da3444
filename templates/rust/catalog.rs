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
        {{ table }}::ROWS[self as usize].code
    }

    /// The kind with this code (a binary search of the codes).
{%- if let Some(int) = int_code %}
    pub fn from_code(code: {{ int }}) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|kind| kind.code().cmp(&code));
        found.ok().map(|at| by_code[at])
    }
{%- else %}
    pub fn from_code(code: &str) -> Option<Self> {
        let by_code = &{{ table }}::BY_CODE;
        let found = by_code.binary_search_by(|kind| kind.code().cmp(code));
        found.ok().map(|at| by_code[at])
    }
{%- endif %}

    /// The entry's name in the catalog.
    pub const fn name(self) -> &'static str {
        {{ table }}::ROWS[self as usize].name
    }

    /// {{ http_doc }}
    pub const fn http_status(self) -> {{ http_type }} {
        {{ table }}::ROWS[self as usize].http
    }

    /// The gRPC status code (the numbers `tonic::Code` uses){% if grpc_type != "i32" %}, if the catalog gives one{% endif %}.
    pub const fn grpc_code(self) -> {{ grpc_type }} {
        {{ table }}::ROWS[self as usize].grpc
    }

    /// Whether retrying the failed request may succeed.
    pub const fn is_retryable(self) -> bool {
        {{ table }}::ROWS[self as usize].retryable
    }

    /// Whether the entry is a success rather than an error.
    pub const fn is_success(self) -> bool {
        {{ table }}::ROWS[self as usize].success
    }
{%- if let Some(stage) = stage %}

    /// The stage the error occurs in{% if stage.ty != "&'static str" %}, if the catalog names one{% endif %}.
    pub const fn stage(self) -> {{ stage.ty }} {
        {{ table }}::ROWS[self as usize].stage
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
{#- `Debug` and `PartialEq` are written by hand below, from the tables: the
    derived ones would `match` over every variant, binding its fields, and
    rustc would check each arm. -#}
#[allow(dead_code)]
#[derive(Clone)]
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
        let row = &{{ table }}::ROWS[self.kind() as usize];
        let names = &{{ table }}::PARAM_NAMES[row.params.clone()];
        let mut params = Vec::with_capacity(names.len());
        for (name, arg) in names.iter().zip(self.args().into_iter().flatten()) {
            params.push((*name, arg.into()));
        }
        params
    }

    /// The body of an error response, with the message in `locale`.
    pub fn to_envelope(&self, locale: {{ locale }}) -> {{ envelope }} {
        {{ envelope }} {
{%- for field in envelope_view.fields %}
            {{ field.ident }}: {{ field.value }},
{%- endfor %}
        }
    }

    /// The values of the params, in the order the catalog declares them,
    /// then `None` up to the largest number of params an entry has.
    ///
    /// The only `match` that binds the params: messages and `params()` read
    /// them from here (see [`{{ table }}`]).
    fn args(&self) -> {{ table }}::Args<'_> {
{%- if max_params == 0 %}
        []
{%- else %}
        use {{ table }}::Arg;
        match self {
            {{- self.args_arms() }}
        }
{%- endif %}
    }

    fn write_message(
        &self,
        locale: {{ locale }},
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        let row = &{{ table }}::ROWS[self.kind() as usize];
        let pieces = row.messages[locale as usize].clone();
        {{ table }}::write(pieces, &self.args(), f)
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
    fn from_upstream<'m>(
        kind: {{ kind }},
        capture: &dyn Fn(&str) -> Option<&'m str>,
    ) -> Option<Self> {
        match kind {
{%- for line in classifier.arms %}
            {{ line }}
{%- endfor %}
{%- if !classifier.every_entry %}
            _ => None,
{%- endif %}
        }
    }
{%- endif %}
}

impl std::fmt::Display for {{ error }} {
    /// Writes the message in the default locale.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_message({{ locale }}::DEFAULT, f)
    }
}

impl std::error::Error for {{ error }} {}

impl std::fmt::Debug for {{ error }} {
    /// Writes what a derived `Debug` would: the variant and its params
    /// (named as in the catalog).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let variant = format!("{:?}", self.kind());
        let mut debug = f.debug_struct(&variant);
        let row = &{{ table }}::ROWS[self.kind() as usize];
        let names = &{{ table }}::PARAM_NAMES[row.params.clone()];
        for (name, arg) in names.iter().zip(self.args().into_iter().flatten()) {
            debug.field(name, &arg);
        }
        debug.finish()
    }
}

impl PartialEq for {{ error }} {
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind() && self.args() == other.args()
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

/// The data of the {{ catalog_code }} catalog as tables, read by the methods
/// of [`{{ kind }}`] and [`{{ error }}`]: one row per entry, indexed by
/// `{{ kind }} as usize` (the variants are declared in catalog order), and
/// every message split at its placeholders, written by one function,
/// [`write`]. Tables rather than a `match` per method keep the module
/// cheap to compile: rustc checks each table once, not an arm per entry.
#[allow(dead_code)]
mod {{ table }} {
    use super::{{ kind }} as Kind;

    /// What the catalog says about one entry.
    pub struct Row {
        /// The code on the wire.
        pub code: {{ code_type }},
        /// The entry's name in the catalog.
        pub name: &'static str,
        /// Its HTTP status.
        pub http: {{ http_type }},
        /// Its gRPC status code.
        pub grpc: {{ grpc_type }},
        /// Whether retrying the failed request may succeed.
        pub retryable: bool,
        /// Whether the entry is a success rather than an error.
        pub success: bool,
{%- if let Some(stage) = stage %}
        /// The stage the error occurs in.
        pub stage: {{ stage.ty }},
{%- endif %}
        /// Its params' names, in the order the catalog declares them:
        /// `PARAM_NAMES[params]`.
        pub params: std::ops::Range<usize>,
        /// Its message in each locale, in the order of `{{ locale }}::ALL`:
        /// `PIECES[range]`. A locale without a message of the entry has the
        /// default locale's, and an entry without any message its code.
        pub messages: [std::ops::Range<usize>; {{ locales.len() }}],
    }

    /// One row per entry, in catalog order: `ROWS[kind as usize]`.
    #[rustfmt::skip]
    pub static ROWS: [Row; {{ catalog.entries.len() }}] = [
        {{- self.rows() }}
    ];

    /// Every kind, sorted by code: `{{ kind }}::from_code` searches it.
    #[rustfmt::skip]
    pub static BY_CODE: [Kind; {{ catalog.entries.len() }}] = [
        {{- self.by_code() }}
    ];

    /// The params' names, entry after entry (see `Row::params`).
    #[rustfmt::skip]
    pub static PARAM_NAMES: [&str; {{ param_count }}] = [
        {{- self.param_names() }}
    ];

    /// The messages, split at their placeholders into pieces (see
    /// `Row::messages`): a piece is a text and then, if it names one, the
    /// value of the param at that index (in the order the catalog declares
    /// the entry's params). Each comment gives the index of the message's
    /// first piece.
    #[rustfmt::skip]
    pub static PIECES: [(&str, Option<usize>); {{ piece_count }}] = [
        {{- self.pieces() }}
    ];
{%- if let Some(classifier) = classifier %}

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
{%- endif %}

    /// The largest number of params an entry has.
    pub const MAX_PARAMS: usize = {{ max_params }};

    /// A param's value, borrowed from an error.
    #[derive(Clone, Copy, PartialEq)]
    pub enum Arg<'a> {
        /// The value of a `string` param.
        Str(&'a str),
        /// The value of an `int` param.
        Int(i64),
        /// The value of a `float` param.
        Float(f64),
        /// The value of a `bool` param.
        Bool(bool),
    }

    impl std::fmt::Display for Arg<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Self::Str(value) => f.write_str(value),
                Self::Int(value) => std::fmt::Display::fmt(value, f),
                Self::Float(value) => std::fmt::Display::fmt(value, f),
                Self::Bool(value) => std::fmt::Display::fmt(value, f),
            }
        }
    }

    impl std::fmt::Debug for Arg<'_> {
        /// Writes the value as its type's `Debug` does.
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Self::Str(value) => std::fmt::Debug::fmt(value, f),
                Self::Int(value) => std::fmt::Debug::fmt(value, f),
                Self::Float(value) => std::fmt::Debug::fmt(value, f),
                Self::Bool(value) => std::fmt::Debug::fmt(value, f),
            }
        }
    }

    impl From<Arg<'_>> for super::{{ param_value }} {
        fn from(arg: Arg<'_>) -> Self {
            match arg {
                Arg::Str(value) => Self::Str(value.to_owned()),
                Arg::Int(value) => Self::Int(value),
                Arg::Float(value) => Self::Float(value),
                Arg::Bool(value) => Self::Bool(value),
            }
        }
    }

    /// The params' values of an error, in the order the catalog declares
    /// them, then `None` up to `MAX_PARAMS`.
    pub type Args<'a> = [Option<Arg<'a>>; MAX_PARAMS];

    impl<'a> Arg<'a> {
        /// `args`, then `None` up to `MAX_PARAMS`. (An associated function,
        /// so that no param's binding, always snake_case, can shadow it.)
        pub fn padded<const N: usize>(args: [Arg<'a>; N]) -> Args<'a> {
            let mut padded = [None; MAX_PARAMS];
            for (slot, arg) in padded.iter_mut().zip(args) {
                *slot = Some(arg);
            }
            padded
        }
    }

    /// Writes the message made of `PIECES[pieces]`, with the params' values
    /// `args` (in declaration order) filled in.
    pub fn write(
        pieces: std::ops::Range<usize>,
        args: &[Option<Arg<'_>>],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        for &(text, param) in &PIECES[pieces] {
            f.write_str(text)?;
            if let Some(arg) = param.and_then(|at| args[at]) {
                std::fmt::Display::fmt(&arg, f)?;
            }
        }
        Ok(())
    }
}

