/// The data of the {{ catalog_code }} catalog as tables, read by the methods
/// of [`{{ kind }}`] and [`{{ error }}`]: a column per fact, indexed by
/// `{{ kind }} as usize` (the variants are declared in catalog order); every
/// text (codes, names, variants' names, params' names, messages) in one
/// string, [`TEXT`], cut at the offsets of [`AT`]; and one function,
/// [`write`], that writes a message with its params' values. Tables of
/// numbers rather than a `match` per method, or tables of strings and
/// structs, keep the module cheap to compile: rustc checks a table of
/// integers at almost no cost per entry.
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
    /// - the names of the variants of `{{ kind }}` (entry `i`'s is text
    ///   `VARIANT + i`),
    /// - the params' names (param `p`'s is text `PARAM + p`),
    /// - the messages (entry `i`'s in the locale at `l` of `{{ locale }}::ALL`
    ///   is text `MESSAGE + i * {{ locales.len() }} + l`; a locale without a message of the
    ///   entry has the default locale's, an entry without any message its
    ///   code), each param's value as `{n}` (`n` its index, in the order the
    ///   entry declares its params) and braces doubled (`{{ "{{" }}`, `{{ "}}" }}`)
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
    /// The first variant's name in [`TEXT`].
    const VARIANT: usize = {{ variant_base }};
    /// The first param's name in [`TEXT`].
    const PARAM: usize = {{ param_base }};
    /// The first message in [`TEXT`].
    const MESSAGE: usize = {{ message_base }};

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

    /// Every kind, sorted by code: `{{ kind }}::from_code` searches it.
    #[rustfmt::skip]
    pub static BY_CODE: [u32; {{ catalog.entries.len() }}] = [
        {{- self.by_code() }}
    ];
{%- if alias_count > 0 %}

    /// The published codes that entries also answer to (`alias`), sorted,
    /// each with its kind's index: `{{ kind }}::from_code` searches it when
    /// a code is not canonical.
    #[rustfmt::skip]
    pub static ALIASES: [({% if let Some(int) = int_code %}{{ int }}{% else %}&str{% endif %}, u32); {{ alias_count }}] = [
        {{- self.aliases() }}
    ];
{%- endif %}
{%- if let Some(types) = types %}

    /// Each param's type (see [`PARAMS`]).
    #[rustfmt::skip]
    pub static PARAM_TYPES: [Type; {{ param_count }}] = [
        {{- self.param_types() }}
    ];
{%- if types.structured %}

    /// The item type of each list and the value type of each map that a
    /// [`Type`] names by its index here.
    #[rustfmt::skip]
    pub static NESTED: [Type; {{ types.nested.len() }}] = [
{%- for row in types.nested %}
        {{ row }}
{%- endfor %}
    ];

    /// A record type: its name and its fields.
    pub struct Record {
        /// Its name in the catalog.
        pub name: &'static str,
        /// Its fields, in the order the catalog declares them.
        pub fields: &'static [Field],
    }

    /// A field of a record type.
    pub struct Field {
        /// Its name on the wire.
        pub name: &'static str,
        /// Its type.
        pub ty: Type,
        /// Whether a value may leave it out (or send `null`).
        pub optional: bool,
    }

    /// The record types, in the order the catalog declares them.
    #[rustfmt::skip]
    pub static RECORDS: [Record; {{ types.records.len() }}] = [
{%- for row in types.records %}
        {{ row }}
{%- endfor %}
    ];
{%- endif %}

    /// A param's type{% if types.structured %} (the index of a list's item type or a map's value type
    /// in [`NESTED`], of a record in [`RECORDS`]){% endif %}.
    #[derive(Clone, Copy)]
    pub enum Type {
        Bool,
        Int,
        Float,
        Str,
{%- if types.structured %}
        Any,
        List(usize),
        Map(usize),
        Record(usize),
{%- endif %}
    }
{%- if types.structured %}

    /// Checks that `value`, received for a param, is of type `ty`, when
    /// a body is decoded: a float also takes an integer (made
    /// a float), `any` anything, a record its fields (an optional one may be
    /// missing or `null`); keys that a record does not declare are left as
    /// they came. On a mismatch, `path` (the param's name on entry) says
    /// where, and the error is the type expected and what came.
    #[inline]
    pub fn check(
        ty: Type,
        value: &mut ParamValue,
        path: &mut String,
    ) -> Result<(), (Type, String)> {
        let mismatch = |value: &ParamValue| Err((ty, found(Some(value))));
        match (ty, &mut *value) {
            (Type::Any, _)
            | (Type::Bool, ParamValue::Bool(_))
            | (Type::Int, ParamValue::Int(_))
            | (Type::Float, ParamValue::Float(_))
            | (Type::Str, ParamValue::Str(_)) => Ok(()),
            (Type::Float, ParamValue::Int(int)) => {
                *value = ParamValue::Float(*int as f64);
                Ok(())
            }
            (Type::List(item), ParamValue::List(items)) => {
                for (i, item_value) in items.iter_mut().enumerate() {
                    let at = path.len();
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                    check(NESTED[item], item_value, path)?;
                    path.truncate(at);
                }
                Ok(())
            }
            (Type::Map(item), ParamValue::Map(map)) => {
                for (key, item_value) in map.iter_mut() {
                    let at = path.len();
                    path.push('.');
                    path.push_str(key);
                    check(NESTED[item], item_value, path)?;
                    path.truncate(at);
                }
                Ok(())
            }
            (Type::Record(record), ParamValue::Map(map)) => {
                for field in RECORDS[record].fields {
                    let at = path.len();
                    path.push('.');
                    path.push_str(field.name);
                    match map.get_mut(field.name) {
                        None | Some(ParamValue::Null) if field.optional => {}
                        None => return Err((field.ty, found(None))),
                        Some(field_value) => check(field.ty, field_value, path)?,
                    }
                    path.truncate(at);
                }
                Ok(())
            }
            (_, value) => mismatch(value),
        }
    }

    /// What came instead of a value of the expected type, in words: the
    /// JSON of a scalar, `an array`, `an object`, or `nothing`.
    #[inline]
    pub fn found(value: Option<&ParamValue>) -> String {
        match value {
            None => "nothing".to_owned(),
            Some(ParamValue::List(_)) => "an array".to_owned(),
            Some(ParamValue::Map(_)) => "an object".to_owned(),
            Some(ParamValue::Str(text)) => format!("the string {text:?}"),
            Some(other) => other.to_string(),
        }
    }

    /// Pushes `ty` as the catalog writes it (`list<string>`, a record's
    /// name) onto `out`.
    #[inline]
    pub fn type_name(ty: Type, out: &mut String) {
        match ty {
            Type::Bool => out.push_str("bool"),
            Type::Int => out.push_str("int"),
            Type::Float => out.push_str("float"),
            Type::Str => out.push_str("string"),
            Type::Any => out.push_str("any"),
            Type::List(item) => {
                out.push_str("list<");
                type_name(NESTED[item], out);
                out.push('>');
            }
            Type::Map(item) => {
                out.push_str("map<string, ");
                type_name(NESTED[item], out);
                out.push('>');
            }
            Type::Record(record) => out.push_str(RECORDS[record].name),
        }
    }
{%- endif %}
{%- endif %}
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
        /// The system it recognizes errors of (see [`SYSTEMS`]), if named.
        pub system: Option<usize>,
        /// Text that the text `contains_in` must contain.
        pub contains: Option<&'static str>,
        /// The text `contains` is looked for in: 0 the message, `i` the
        /// system's field `i - 1` (see [`System::texts`]).
        pub contains_in: usize,
        /// A regular expression that the text `pattern_in` must match.
        pub pattern: Option<&'static str>,
        /// The text `pattern` is searched in (as `contains_in`).
        pub pattern_in: usize,
        /// The named group of `pattern` that fills each param of the kind,
        /// in order (empty without a pattern).
        pub groups: &'static [Option<&'static str>],
    }

    /// The upstream mappings, in catalog order: the first that matches wins.
    #[rustfmt::skip]
    pub static UPSTREAMS: [Upstream; {{ classifier.count }}] = [
{%- for line in classifier.rows %}
        {{ line }}
{%- endfor %}
    ];
{%- if let Some(systems) = classifier.systems %}

    /// An upstream system: where each part of its errors is read.
    pub struct System {
        /// Whether its errors come with the HTTP status of the call.
        pub status: bool,
        /// Where its gRPC code is read (`None`: its errors have none).
        pub grpc: Option<Read>,
        /// Where its texts are read: the message, then each declared field.
        pub texts: &'static [Read],
    }

    /// Where a part of an upstream error is read.
    pub enum Read {
        /// From the call: the gRPC code the caller passes, or the whole text.
        Call,
        /// From the JSON body, at this path.
        Path(&'static [Step]),
    }

    /// A step of a path into a JSON body.
    pub enum Step {
        /// The member of an object with this key.
        Key(&'static str),
        /// The element of an array at this index.
        Index(usize),
    }

    /// The upstream systems, in the order of the catalog.
    #[rustfmt::skip]
    pub static SYSTEMS: [System; {{ systems.variants.len() }}] = [
{%- for s in systems.variants %}
        {{ s.row }}
{%- endfor %}
    ];
{%- if systems.json %}

    /// The value at `steps` in `value`, if there is one.
    #[inline]
    pub fn walk<'v>(
        mut value: &'v serde_json::Value,
        steps: &[Step],
    ) -> Option<&'v serde_json::Value> {
        for step in steps {
            value = match *step {
                Step::Key(key) => value.get(key)?,
                Step::Index(index) => value.get(index)?,
            };
        }
        Some(value)
    }
{%- endif %}
{%- endif %}

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
{%- if structured_types %}
                // A structured param is never read from text: an entry with
                // an upstream mapping has none (`structured-placeholder`).
                _ => return None,
{%- endif %}
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

    /// The name of the variant of `kind`, for `Debug`.
    #[inline]
    pub const fn variant(kind: Kind) -> &'static str {
        text(VARIANT + kind as usize)
    }

    /// The value inside a param's value, for `Debug`.
    #[inline]
    pub fn inner(value: &ParamValue) -> &dyn std::fmt::Debug {
        match value {
            ParamValue::Bool(value) => value,
            ParamValue::Int(value) => value,
            ParamValue::Float(value) => value,
            ParamValue::Str(value) => value,
{%- if structured %}
            ParamValue::Null => &"null",
            ParamValue::List(value) => value,
            ParamValue::Map(value) => value,
{%- endif %}
        }
    }

    /// Writes the message of `kind` in the locale at `locale`, with the
    /// params' values `args` (in declaration order) where it says `{n}`.
    #[inline]
    pub fn write(
        kind: Kind,
        locale: usize,
        args: &[ParamValue],
        f: &mut std::fmt::Formatter<'_>,
    ) -> std::fmt::Result {
        let mut rest = text(MESSAGE + kind as usize * {{ locales.len() }} + locale);
        while let Some(at) = rest.find(['{', '}']) {
            // Up to and with the first of a doubled brace, else up to `{n}`.
            let doubled = rest[at + 1..].starts_with(&rest[at..=at]);
            f.write_str(&rest[..at + usize::from(doubled)])?;
            let after = &rest[at + 1..];
            if doubled {
                rest = &after[1..];
                continue;
            }
            let end = after.find('}').unwrap_or(after.len());
            let param = after[..end].parse::<usize>().ok();
            if let Some(value) = param.and_then(|param| args.get(param)) {
                std::fmt::Display::fmt(value, f)?;
            }
            rest = after.get(end + 1..).unwrap_or("");
        }
        f.write_str(rest)
    }
}
