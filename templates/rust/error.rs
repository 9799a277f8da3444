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
    /// The error of `kind` with its params' values: the one body every
    /// constructor calls (a box in each of them cost rustc a tenth more).
    #[inline]
    fn with_args<const N: usize>(kind: {{ kind }}, args: [{{ param_value }}; N]) -> Self { Self { kind, args: Box::new(args) } }
{%- for e in catalog.entries %}
    {{- self.constructor_doc(e) }}
    #[inline]
    pub fn {{ e|constructor }}(
        {%- for p in e.params %}{% if !loop.first %}, {% endif %}{{ p|param(catalog) }}{% endfor -%}
    ) -> Self { Self::with_args({{ kind }}::{{ e|variant }}, [
        {%- for p in e.params %}{% if !loop.first %}, {% endif %}{{ p|param_value(catalog) }}{% endfor -%}
    ]) }
{%- endfor %}
}

/// A param's value as it travels in the envelope: typed, so that an `int`
/// param is a JSON number and a `bool` param a JSON boolean.
{%- if structured %}
///
/// It holds any JSON value: a list, map or record param is sent as an
/// array or an object of values, and it is the Rust type of an `any`.
{%- endif %}
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq{% if serde %}, serde::Serialize, serde::Deserialize{% endif %})]
{%- if serde %}
#[serde(untagged)]
{%- endif %}
pub enum {{ param_value }} {
{%- if structured %}
    /// JSON `null` (in an `any` value).
    Null,
{%- endif %}
    /// The value of a `bool` param.
    Bool(bool),
    /// The value of an `int` param.
    Int(i64),
    /// The value of a `float` param.
    Float(f64),
    /// The value of a `string` param.
    Str(String),
{%- if structured %}
    /// A JSON array: the value of a `list` param.
    List(Vec<{{ param_value }}>),
    /// A JSON object: the value of a `map` or record param.
    Map(std::collections::BTreeMap<String, {{ param_value }}>),
{%- endif %}
}

impl std::fmt::Display for {{ param_value }} {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bool(value) => std::fmt::Display::fmt(value, f),
            Self::Int(value) => std::fmt::Display::fmt(value, f),
            Self::Float(value) => std::fmt::Display::fmt(value, f),
            Self::Str(value) => f.write_str(value),
{%- if structured %}
            // No message shows a structured value (`structured-placeholder`):
            // written as JSON for logs.
            Self::Null => f.write_str("null"),
            Self::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    item.write_json(f)?;
                }
                f.write_str("]")
            }
            Self::Map(map) => {
                f.write_str("{")?;
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    Self::write_json_string(key, f)?;
                    f.write_str(":")?;
                    value.write_json(f)?;
                }
                f.write_str("}")
            }
{%- endif %}
        }
    }
}
{%- if structured %}

#[allow(dead_code)]
impl {{ param_value }} {
    /// Writes the value as JSON (a string quoted, as in an array).
    #[inline]
    fn write_json(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Str(text) => Self::write_json_string(text, f),
            Self::Float(value) if !value.is_finite() => f.write_str("null"),
            other => std::fmt::Display::fmt(other, f),
        }
    }

    /// Writes `text` as a JSON string.
    #[inline]
    fn write_json_string(text: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"")?;
        for c in text.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
                c => std::fmt::Write::write_char(f, c)?,
            }
        }
        f.write_str("\"")
    }
}

impl Default for {{ param_value }} {
    /// JSON `null`.
    #[inline]
    fn default() -> Self {
        Self::Null
    }
}
{%- endif %}

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

{%- for envelope in envelopes %}
{%- if let Some(method) = envelope.method %}

    /// The body of an error response in [`{{ envelope.name }}`], with the
    /// message in `locale`.
    #[inline]
    pub fn {{ method }}(&self, locale: {{ locale }}) -> {{ envelope.name }} {
{%- if !envelope.uses_locale %}
        // The envelope carries no message.
        let _ = locale;
{%- endif %}
        {{ envelope.name }} {
{%- for field in envelope.fields %}
            {{ field.ident }}: {{ field.value }},
{%- endfor %}
        }
    }
{%- endif %}
{%- endfor %}

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
    /// when it is `None`, nor one that matches on a JSON field of its system
    /// (which only [`Self::classify_body`] reads). Named groups of a
    /// mapping's pattern fill the params of the same name (a value that does
    /// not parse as the param's type means no match); params that no group
    /// fills get their type's default (empty, `0`, `false`).
    #[inline]
    pub fn classify(status: Option<u16>, grpc: Option<i32>, message: &str) -> Option<Self> {
        Self::classify_in(None, status, grpc, &|text| (text == 0).then_some(message))
    }
{%- if let Some(systems) = classifier.systems %}

    /// Recognizes an error that `system` sent, reading it as the catalog
    /// declares the system: `status` and `grpc` are the call's HTTP status
    /// and gRPC code (each read only when the system's errors come with
    /// it), and `body` is what the system sent, a JSON body from which the
    /// gRPC code, the message and the declared fields are read at their
    /// paths, or the whole text when the system's message is the text.
    /// Only the mappings of `system` are tried, in catalog order, as
    /// [`Self::classify`] tries them; a condition on a value the error
    /// lacks (a body that is not JSON, a path that finds nothing or no
    /// string) does not hold.
    #[inline]
    pub fn classify_body(
        system: {{ systems.name }},
        status: Option<u16>,
        grpc: Option<i32>,
        body: &str,
    ) -> Option<Self> {
{%- if systems.json %}
        use {{ table }}::{walk, Read, Step};
{%- else %}
        use {{ table }}::Read;
{%- endif %}
        let source = &{{ table }}::SYSTEMS[system as usize];
{%- if systems.json %}
        // The body as JSON, when the system reads anything from it.
        let reads_json = |r: &Read| matches!(r, Read::Path(_));
        let json = if source.texts.iter().chain(&source.grpc).any(reads_json) {
            serde_json::from_str::<serde_json::Value>(body).ok()
        } else {
            None
        };
        let at = |steps: &[Step]| walk(json.as_ref()?, steps);
{%- endif %}
        let grpc = match source.grpc {
            None => None,
            Some(Read::Call) => grpc,
{%- if systems.json %}
            Some(Read::Path(steps)) => at(steps)
                .and_then(serde_json::Value::as_i64)
                .and_then(|code| i32::try_from(code).ok()),
{%- else %}
            Some(Read::Path(_)) => None,
{%- endif %}
        };
        let status = if source.status { status } else { None };
        let text = |text: usize| match source.texts.get(text)? {
            Read::Call => Some(body),
{%- if systems.json %}
            Read::Path(steps) => at(steps)?.as_str(),
{%- else %}
            Read::Path(_) => None,
{%- endif %}
        };
        Self::classify_in(Some(system as usize), status, grpc, &text)
    }
{%- endif %}

    /// The first mapping (of `system`, if given) whose conditions hold on
    /// `status`, `grpc` and the texts `text` gives (see `Upstream::contains_in`).
    #[inline]
    fn classify_in<'m>(
        system: Option<usize>,
        status: Option<u16>,
        grpc: Option<i32>,
        text: &dyn Fn(usize) -> Option<&'m str>,
    ) -> Option<Self> {
{%- if classifier.has_patterns %}
        // Each mapping's pattern, compiled when first needed.
        static PATTERNS: [std::sync::OnceLock<regex::Regex>; {{ classifier.count }}] =
            [const { std::sync::OnceLock::new() }; {{ classifier.count }}];
        for (rule, pattern) in {{ table }}::UPSTREAMS.iter().zip(&PATTERNS) {
{%- else %}
        for rule in &{{ table }}::UPSTREAMS {
{%- endif %}
            if system.is_some_and(|system| rule.system != Some(system))
                || rule.http.is_some_and(|http| status != Some(http))
                || rule.grpc.is_some_and(|code| grpc != Some(code))
                || rule.contains.is_some_and(|needle| {
                    !text(rule.contains_in).is_some_and(|t| t.contains(needle))
                })
            {
                continue;
            }
{%- if classifier.has_patterns %}
            let captures = match rule.pattern {
                Some(source) => {
                    let pattern = pattern.get_or_init(|| {
                        regex::Regex::new(source).expect("errgen checked the upstream patterns")
                    });
                    let Some(captures) = text(rule.pattern_in).and_then(|t| pattern.captures(t))
                    else {
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
            if let Some(error) = Self::from_upstream(rule.kind, rule.groups, &capture) {
                return Some(error);
            }
        }
        None
    }

    /// The error of `kind` that an upstream mapping found, each param filled
    /// from its named group in `groups` as `capture` gives it (see
    /// [`Self::classify`]).
    #[inline]
    fn from_upstream<'m>(
        kind: {{ kind }},
        groups: &[Option<&str>],
        capture: &dyn Fn(&str) -> Option<&'m str>,
    ) -> Option<Self> {
        let params = {{ table }}::params(kind);
        let mut args = Vec::with_capacity(params.len());
        for (i, ty) in {{ table }}::PARAM_TYPES[params].iter().enumerate() {
            let group = groups.get(i).copied().flatten();
            args.push(ty.parse(group.and_then(capture))?);
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
