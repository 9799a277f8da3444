/// A received error response of the {{ catalog_code }} catalog, decoded: see
/// [`{{ decode.decoded }}::decode`] and `TryFrom` of each envelope that
/// carries a code.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq)]
pub enum {{ decode.decoded }} {
{%- if let Some(received) = decode.received %}
    /// A code of this catalog, or an alias of one. Not every envelope
    /// carries params, so the error is what it says: its kind and its
    /// message.
    Known({{ received }}),
{%- else %}
    /// A code of this catalog, or an alias of one: the error with its
    /// params, each checked against the type the catalog declares.
    Known({{ error }}),
{%- endif %}
    /// A code this build does not know (from a newer server): what came.
    Unknown({{ decode.unknown }}),
}
{%- if let Some(received) = decode.received %}

/// A received error of a code of the {{ catalog_code }} catalog: its kind and
/// the message as sent (not every envelope carries params, so none are made
/// up).
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct {{ received }} {
    /// The kind its code (or alias) names.
    pub kind: {{ kind }},
    /// The message as received (empty from an envelope without one).
    pub message: String,
}
{%- endif %}

/// A received error whose code the {{ catalog_code }} catalog of this build does
/// not have: its code, its message and the whole body, as received.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq)]
pub struct {{ decode.unknown }} {
    /// The code as received (an integer code in decimal).
    pub code: String,
    /// The message as received (empty from an envelope without one).
    pub message: String,
    /// The body as received (from `TryFrom`, the envelope as JSON).
    pub body: serde_json::Value,
}

/// Why a body is not an error response of the {{ catalog_code }} catalog.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum {{ decode.error }} {
    /// The body is not JSON, or in none of the catalog's envelopes (a
    /// member missing or of the wrong type).
    Body {
        /// What is wrong, as serde_json says it.
        reason: String,
    },
    /// A param of a known code is missing or not of its declared type.
    Param {
        /// The code as received.
        code: String,
        /// Where: the param's name, then `[i]` or `.key` for what is in it.
        param: String,
        /// The type the catalog declares there (`list<string>`).
        expected: String,
        /// What came instead: the JSON of a scalar, `an array`, `an
        /// object`, or `nothing`.
        found: String,
    },
}

impl std::fmt::Display for {{ decode.error }} {
    #[inline]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Body { reason } => {
                f.write_str("not an error response of the {{ catalog_code }} catalog: ")?;
                f.write_str(reason)
            }
            Self::Param {
                code,
                param,
                expected,
                found,
            } => {
                write!(f, "code `{code}`: param `{param}`")?;
                write!(f, " expected {expected}, found {found}")
            }
        }
    }
}

impl std::error::Error for {{ decode.error }} {}

#[allow(dead_code)]
impl {{ decode.decoded }} {
    /// Decodes the body of an error response in any of the catalog's
    /// envelopes that carry a code, tried in the order the catalog declares
    /// them{% for s in decode.shapes %}{% if loop.first %} ({% else %}, {% endif %}[`{{ s.name }}`]{% if loop.last %}){% endif %}{% endfor %}: the typed error of its code
    /// (or of the entry an alias names){% if decode.received.is_none() %}, its params checked (a param
    /// the entry does not declare is ignored, for a newer server's sake){% endif %},
    /// or [`Self::Unknown`] with the body for a code this build does not know.
    #[inline]
    pub fn decode(body: &str) -> Result<Self, {{ decode.error }}> {
        let json = serde_json::from_str::<serde_json::Value>(body);
        let json = json.map_err({{ decode.error }}::body)?;
{%- if decode.shapes.len() == 1 %}
{%- for s in decode.shapes %}
        let envelope = <{{ s.name }} as serde::Deserialize>::deserialize(&json);
        let envelope = envelope.map_err({{ decode.error }}::body)?;
        Self::{{ s.from }}(envelope, Some(json))
{%- endfor %}
{%- else %}
        let mut reasons = Vec::new();
{%- for s in decode.shapes %}
        match serde::Deserialize::deserialize(&json) {
            Ok::<{{ s.name }}, _>(envelope) => {
                return Self::{{ s.from }}(envelope, Some(json));
            }
            Err(error) => reasons.push(format!("{{ s.name }}: {error}")),
        }
{%- endfor %}
        Err({{ decode.error }}::Body {
            reason: format!("in none of its envelopes ({})", reasons.join("; ")),
        })
{%- endif %}
    }
{%- for s in decode.shapes %}

    /// The decoded error of a received [`{{ s.name }}`]; `body`, the body
    /// it was read from, if any.
    #[inline]
    fn {{ s.from }}(
        envelope: {{ s.name }},
        body: Option<serde_json::Value>,
    ) -> Result<Self, {{ decode.error }}> {
        let code = {{ s.code }};
        let message = {{ s.message }};
{%- if decode.received.is_none() %}
{%- if let Some(params) = s.params %}
        let params = {{ params }};
{%- endif %}
{%- endif %}
        Self::from_parts(code, message, {% if decode.received.is_none() %}params, {% endif %}body)
    }
{%- endfor %}

    /// The decoded error of these parts of a received envelope; `body`,
    /// the body they were read from (`None`: the caller has the envelope
    /// only, and serialises it for an unknown code).
    #[inline]
    fn from_parts(
        code: {{ decode.code_ty }},
        message: String,
{%- if decode.received.is_none() %}
        mut received: std::collections::BTreeMap<String, {{ param_value }}>,
{%- endif %}
        body: Option<serde_json::Value>,
    ) -> Result<Self, {{ decode.error }}> {
{%- if decode.received.is_none() %}
        use {{ table }} as table;
{%- endif %}
        let Some(kind) = {{ kind }}::from_code({% if !decode.int_code %}&{% endif %}code) else {
            return Ok(Self::Unknown({{ decode.unknown }} {
                {% if decode.int_code %}code: code.to_string(){% else %}code{% endif %},
                message,
                body: body.unwrap_or_default(),
            }));
        };
{%- if let Some(received) = decode.received %}
        Ok(Self::Known({{ received }} { kind, message }))
{%- else %}
        let params = table::params(kind);
        let mut args = Vec::with_capacity(params.len());
        for (param, name) in params.zip(table::param_names(kind)) {
            let mut path = name.to_owned();
            let ty = table::PARAM_TYPES[param];
            let checked = match received.remove(name) {
                Some(mut value) => table::check(ty, &mut value, &mut path).map(|()| value),
                None => Err((ty, table::found(None))),
            };
            match checked {
                Ok(value) => args.push(value),
                Err((expected, found)) => {
                    let mut type_name = String::new();
                    table::type_name(expected, &mut type_name);
                    return Err({{ decode.error }}::Param {
                        {% if decode.int_code %}code: code.to_string(){% else %}code{% endif %},
                        param: path,
                        expected: type_name,
                        found,
                    });
                }
            }
        }
        Ok(Self::Known({{ error }} {
            kind,
            args: args.into_boxed_slice(),
        }))
{%- endif %}
    }
}
{%- for s in decode.shapes %}

impl TryFrom<{{ s.name }}> for {{ decode.decoded }} {
    type Error = {{ decode.error }};

    /// Decodes a received envelope, as [`{{ decode.decoded }}::decode`] does a body.
    #[inline]
    fn try_from(envelope: {{ s.name }}) -> Result<Self, {{ decode.error }}> {
        let body = match envelope.kind() {
            Some(_) => None,
            None => Some(serde_json::to_value(&envelope)),
        };
        let body = body.transpose().map_err({{ decode.error }}::body)?;
        Self::{{ s.from }}(envelope, body)
    }
}
{%- endfor %}

#[allow(dead_code)]
impl {{ decode.error }} {
    /// The error for a body serde_json could not read.
    #[inline]
    fn body(error: serde_json::Error) -> Self {
        Self::Body {
            reason: error.to_string(),
        }
    }
}
