# {{ header }}
{{ doc }}

from __future__ import annotations

import enum as _enum
import re as _re
import typing as _t

LOCALES: _t.Final[tuple[str, ...]] = {{ locales }}
"""The catalog's locales; the first is the default."""

DEFAULT_LOCALE: _t.Final[str] = {{ default_locale }}
"""The locale of a message when none is asked for, or one the catalog lacks."""

Locale = _t.Literal[{{ locale_literals }}]
"""A locale of the catalog (``message`` also takes any other, and falls back)."""


class ErrorCode(_enum.Enum):
    """Every code of the catalog, named after its entry."""
{%- for e in entries %}

    {{ e.enum_name }} = {{ e.code }}
{%- if let Some(doc) = e.member_doc %}
    {{ doc }}
{%- endif %}
{%- endfor %}

    @property
    def kind(self) -> _t.Literal["error", "success"]:
        """Whether it is the code of an error or of a success."""
        return "success" if _row(self)[0] is None else "error"

    @property
    def http_status(self) -> int | None:
        """The HTTP status, if the catalog gives one."""
        return _row(self)[2]

    @property
    def grpc_code(self) -> int | None:
        """The gRPC status code (its number), if the catalog gives one."""
        return _row(self)[3]

    @property
    def retryable(self) -> bool:
        """Whether retrying may succeed."""
        return _row(self)[4]

    @property
    def stage(self) -> str | None:
        """The stage it occurs in, if the catalog names one."""
        return _row(self)[5]

    @property
    def deprecated(self) -> bool:
        """Whether the catalog deprecates it."""
        return _row(self)[6]

    @property
    def replaced_by(self) -> ErrorCode | None:
        """The code that replaces it, if deprecated with a replacement."""
        replacement = _row(self)[7]
        return None if replacement is None else _MEMBERS[replacement]

    @property
    def docs(self) -> str | None:
        """A link to more documentation."""
        return _row(self)[8]


class EnvelopeError(ValueError):
    """A body that is not an error response of this catalog (``from_envelope``)."""


class {{ base }}(Exception):
    """An error of catalog ``{{ name }}``.

    Each error entry of the catalog has a subclass, named after the entry,
    whose constructor takes the entry's params as keyword arguments;
    ``{{ unknown }}`` holds an error whose code this module does not know.
    ``{{ any }}`` is the union of them all, for ``match``.
    """

    _index: _t.ClassVar[int] = -1
    params: dict[str, object]
    """The params, by the names the catalog gives them (as on the wire)."""
    body: dict[str, object] | None
    """The body it was read from (``from_envelope``), else ``None``."""

    def __init__(self, **params: object) -> None:
        index = type(self)._index
        if index < 0:
            raise TypeError(
                f"{type(self).__name__} is the base of the catalog's errors: raise one of its subclasses"
            )
        _fill(self, _arguments(index, params), None)

    def __repr__(self) -> str:
        arguments = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        return f"{type(self).__name__}({arguments})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (self._index, self.params, self.body))

    @property
    def code(self) -> ErrorCode | {{ code_type }}:
        """Its code: an ``ErrorCode``, or as received for an unknown code."""
        return _MEMBERS[self._index]

    @property
    def http_status(self) -> int | None:
        """The HTTP status, if known."""
        return _ENTRIES[self._index][2]

    @property
    def grpc_code(self) -> int | None:
        """The gRPC status code (its number), if known."""
        return _ENTRIES[self._index][3]

    @property
    def retryable(self) -> bool:
        """Whether retrying may succeed."""
        return _ENTRIES[self._index][4]

    @property
    def stage(self) -> str | None:
        """The stage it occurred in, if known."""
        return _ENTRIES[self._index][5]

    def message(self, locale: str | None = None) -> str:
        """The message in ``locale`` with the params filled in: the catalog's
        fallback gives the default locale's, else the first there is. An
        error read with ``from_envelope`` gives the message it was read with
        when no locale is asked for."""
{%- if let Some(wire) = envelope.message_wire %}
        if locale is None and self.body is not None:
            received = self.body.get({{ wire }})
            if isinstance(received, str):
                return received
{%- endif %}
        return _render(self._index, self.params, locale)

    def _wire_code(self) -> {{ code_type }}:
        return _ENTRIES[self._index][1]

    def _title(self) -> str:
        return _ENTRIES[self._index][12] or ""

    def to_envelope(
        self,
        locale: str | None = None,
        fields: _t.Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """The body of an error response for it, its message in ``locale``
        (see ``message``). ``fields`` are the members the server fills per
        occurrence, by wire name; without it, those of the body it was read
        from."""
{%- if envelope.uses_given %}
        given: _t.Mapping[str, object] = fields if fields is not None else self.body or {}
{%- else %}
        del fields  # this envelope has no member the server fills per occurrence
{%- endif %}
        body: dict[str, object] = {}
{%- for line in envelope.put %}
        {{ line }}
{%- endfor %}
        return body


class {{ unknown }}({{ base }}):
    """An error with a code this module does not know (from a newer
    server): its code, message and body as received."""

    def __init__(
        self,
        code: {{ code_type }},
        message: str,
        body: dict[str, object] | None = None,
    ) -> None:
        self._code = code
        self._message = message
        _fill(self, {}, body)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._code!r}, {self._message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._code, self._message, self.body))

    @property
    def code(self) -> {{ code_type }}:
        """The code as received."""
        return self._code

    @property
    def http_status(self) -> int | None:
        """The HTTP status the body gives, if any."""
        return {{ envelope.unknown_http }}

    @property
    def grpc_code(self) -> int | None:
        """Unknown: ``None``."""
        return None

    @property
    def retryable(self) -> bool:
        """Unknown: ``False``."""
        return False

    @property
    def stage(self) -> str | None:
        """The stage the body gives, if any."""
        return {{ envelope.unknown_stage }}

    def message(self, locale: str | None = None) -> str:
        """The message as received, whatever the locale."""
        return self._message

    def _wire_code(self) -> {{ code_type }}:
        return self._code

    def _title(self) -> str:
        return {{ envelope.unknown_title }}


def from_envelope(body: object) -> {{ any }}:
    """The error that the body of an error response holds, its members
    checked: an instance of the class of its code, with its params (those
    the body lacks are ``""``, ``0``, ``0.0`` or ``False``), or
    ``{{ unknown }}`` for a code this module does not know. Raises
    ``EnvelopeError`` for a body that is not this catalog's envelope (not an
    object, a member missing or of the wrong type, a param of the wrong
    type) or holds the code of a success."""
    if not isinstance(body, dict):
        raise EnvelopeError(f"an envelope is a JSON object, not {type(body).__name__}")
    keys = _t.cast("dict[object, object]", body)
    if not all(isinstance(key, str) for key in keys):
        raise EnvelopeError("an envelope's keys are strings")
    fields = _t.cast("dict[str, object]", body)
{%- for line in envelope.check %}
    {{ line }}
{%- endfor %}
    code = fields[{{ envelope.code_wire }}]
    index = _INDEX.get(_t.cast("{{ code_type }}", code))
    if index is None:
        message = {{ envelope.received_message }}
        return {{ unknown }}(_t.cast("{{ code_type }}", code), message, fields)
    if _ENTRIES[index][0] is None:
        raise EnvelopeError(f"{code!r} is the code of a success, not of an error")
    error = _new(index, _received_params(index, {{ envelope.received_params }}), fields)
    return _t.cast("{{ any }}", error)


def parse(body: object) -> {{ any }}:
    """``from_envelope`` of a received body: JSON text (``str`` or
    ``bytes``), or a body already read. Raises ``EnvelopeError`` for text
    that is not JSON, as ``from_envelope`` does for a body that is not the
    envelope; a code this module does not know gives ``{{ unknown }}``."""
    if isinstance(body, (str, bytes, bytearray)):
        import json  # Here, so that importing the module does not import json.

        try:
            body = json.loads(body)
        except ValueError as error:
            raise EnvelopeError(f"not JSON: {error}") from None
    return from_envelope(body)


def classify(
    status: int | None = None,
    grpc: int | None = None,
    text: str = "",
) -> {{ any }} | None:
    """The catalog's error for a known upstream error: its HTTP status, its
    gRPC code (a number) and its message text. Rules are tried in catalog
    order; a rule matches when all its conditions hold, and its params are
    read from its pattern's named groups (a param it does not capture is
    ``""``, ``0``, ``0.0`` or ``False``). ``None`` when no rule matches."""
    for rule, (index, http, grpc_code, contains, pattern, groups) in enumerate(_UPSTREAMS):
        if (
            (http is None or http == status)
            and (grpc_code is None or grpc_code == grpc)
            and (contains is None or contains in text)
        ):
            found = None if pattern is None else _pattern(rule, pattern).search(text)
            if pattern is not None and found is None:
                continue
            params: dict[str, object] = {}
            for (wire, _, kind), group in zip(_ENTRIES[index][9], groups):
                value = None if found is None or group is None else found.group(group)
                params[wire] = _parse(kind, value)
            return _t.cast("{{ any }}", _new(index, params, None))
    return None


# The aliases below are expressions, not annotations: `X | None` would need
# Python 3.10 for them.
if _t.TYPE_CHECKING:
    _Code = {{ code_type }}
    _OptionalStr = _t.Optional[str]
    _OptionalInt = _t.Optional[int]
    _Piece = _t.Union[str, int]
    _Row = tuple[
        _OptionalStr,
        _Code,
        _OptionalInt,
        _OptionalInt,
        bool,
        _OptionalStr,
        bool,
        _OptionalInt,
        _OptionalStr,
        tuple[tuple[str, str, str], ...],
        tuple[tuple[_Piece, ...], ...],
        _t.Optional[tuple[int, ...]],
        _OptionalStr,
    ]
    _Rule = tuple[
        int,
        _OptionalInt,
        _OptionalInt,
        _OptionalStr,
        _OptionalStr,
        tuple[_OptionalStr, ...],
    ]
{%- for e in entries %}
{%- if let Some(class) = e.class_name %}

    class {{ class }}({{ base }}):
        {{ e.class_doc }}

        def __init__(self{% if !e.params.is_empty() %}, *{% for p in e.params %}, {{ p.attr }}: {{ p.ty }}{% endfor %}{% endif %}) -> None: ...

        @property
        def code(self) -> _t.Literal[ErrorCode.{{ e.enum_name }}]: ...
{%- for p in e.params %}

        @property
        def {{ p.attr }}(self) -> {{ p.ty }}: ...
{%- endfor %}
{%- endif %}
{%- endfor %}

    {{ any }} = _t.Union[
{%- for e in entries %}
{%- if let Some(class) = e.class_name %}
        {{ class }},
{%- endif %}
{%- endfor %}
        {{ unknown }},
    ]
"""Every error of the catalog, one class each, and ``{{ unknown }}``: a
``match`` over its classes that misses one is a type error."""

# Each entry: its class's name (None for a success), code, HTTP status, gRPC
# code, retryable, stage, deprecated, the index of its replacement, docs;
# each param's wire name, keyword and type (s, i, f or b); its messages as
# pieces (text, then a param's index, then text, ...); for each locale of
# LOCALES the index of its message after the fallback (None: no message);
# its problem title.
_ENTRIES: tuple[_Row, ...] = (
{%- for e in entries %}
    {{ e.row }},
{%- endfor %}
)

# Each upstream rule: its entry's index, HTTP status, gRPC code, substring,
# pattern for `re` (None: any), and for each param the named group it is
# read from.
_UPSTREAMS: tuple[_Rule, ...] = (
{%- for rule in upstreams %}
    {{ rule }},
{%- endfor %}
)


def _class_index() -> dict[str, int]:
    """The index of each error's entry by its class's name."""
    return {row[0]: index for index, row in enumerate(_ENTRIES) if row[0] is not None}


{% if aliases.is_empty() -%}
# The one table from a code on the wire to its entry.
_INDEX: _t.Final[dict[_Code, int]] = {row[1]: index for index, row in enumerate(_ENTRIES)}
{% else -%}
# Codes published before that entries still answer to (`alias`), with
# their entries.
_ALIASES: _t.Final[dict[_Code, int]] = {
{%- for alias in aliases %}
    {{ alias }},
{%- endfor %}
}
# The one table from a code on the wire to its entry: codes and aliases.
_INDEX: _t.Final[dict[_Code, int]] = {
    **{row[1]: index for index, row in enumerate(_ENTRIES)},
    **_ALIASES,
}
{% endif -%}
_MEMBERS: _t.Final[tuple[ErrorCode, ...]] = tuple(ErrorCode)
_CLASS_INDEX: _t.Final[dict[str, int]] = _class_index()
_LOCALE_INDEX: _t.Final[dict[str, int]] = {{ locale_index }}
_CLASSES: dict[int, type[{{ base }}]] = {}
_PATTERNS: dict[int, _t.Pattern[str]] = {}


def _row(code: ErrorCode) -> _Row:
    return _ENTRIES[_INDEX[code.value]]


def _class(index: int) -> type[{{ base }}]:
    """The class of entry ``index``, made when first asked for."""
    made = _CLASSES.get(index)
    if made is not None:
        return made
    row = _ENTRIES[index]
    name = row[0]
    if name is None:
        raise TypeError(f"{row[1]!r} is the code of a success, not of an error")
    namespace: dict[str, object] = {
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": _render(index, {wire: "{" + wire + "}" for wire, _, _ in row[9]}, None),
        "_index": index,
    }
    for wire, keyword, _ in row[9]:
        namespace[keyword] = _param_property(wire)
    return _CLASSES.setdefault(index, type(name, ({{ base }},), namespace))


def _param_property(wire: str) -> property:
    return property(lambda error: error.params[wire], doc=f"The param {wire!r}.")


def _new(index: int, params: dict[str, object], body: dict[str, object] | None) -> {{ base }}:
    cls = _class(index)
    return _fill(cls.__new__(cls), params, body)


def _fill(error: _E, params: dict[str, object], body: dict[str, object] | None) -> _E:
    """Sets up ``error``, with its params by wire name and the body it was read from."""
    error.params = params
    error.body = body
    Exception.__init__(error, error.message())
    return error


def _restore(index: int, params: dict[str, object], body: dict[str, object] | None) -> {{ base }}:
    return _new(index, params, body)


def _render(index: int, params: _t.Mapping[str, object], locale: str | None) -> str:
    row = _ENTRIES[index]
    by_locale = row[11]
    if by_locale is None:
        return str(row[1])
    chosen = 0 if locale is None else _LOCALE_INDEX.get(locale.lower().replace("_", "-"), 0)
    names = row[9]
    return "".join(
        piece if isinstance(piece, str) else _show(params.get(names[piece][0]))
        for piece in row[10][by_locale[chosen]]
    )


def _show(value: object) -> str:
    """A param's value as a message shows it: ``true``/``false``, and a
    whole float without ``.0``, as the other targets do."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _fits(kind: str, value: object) -> bool:
    """Whether ``value`` is of a param's type: ``s``, ``i``, ``f``, ``b``, or
    the JSON shape of a structured one, ``l`` (a list), ``m`` (an object:
    a map or a record) or ``a`` (any JSON value)."""
    if kind == "a":
        return True
    if kind == "l":
        return isinstance(value, list)
    if kind == "m":
        return isinstance(value, dict)
    if kind == "s":
        return isinstance(value, str)
    if kind == "b":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (kind == "f" and isinstance(value, float))


def _zero(kind: str) -> object:
    """The value of a param of type ``kind`` that was not given (a new
    list or object each time)."""
    if kind == "l":
        return []
    if kind == "m":
        return {}
    return {"s": "", "i": 0, "f": 0.0, "b": False, "a": None}[kind]


def _parse(kind: str, text: str | None) -> object:
    """A param of type ``kind`` read from a pattern's group."""
    if text is None or kind in ("l", "m", "a"):
        # Structured params are never read from text (the checker refuses
        # them on entries with upstream mappings).
        return _zero(kind)
    if kind == "s":
        return text
    if kind == "b":
        return text == "true"
    try:
        return int(text) if kind == "i" else float(text)
    except ValueError:
        return _zero(kind)


def _arguments(index: int, given: _t.Mapping[str, object]) -> dict[str, object]:
    """A constructor's keyword arguments as params by wire name, checked."""
    row = _ENTRIES[index]
    params: dict[str, object] = {}
    for wire, keyword, kind in row[9]:
        if keyword not in given:
            raise TypeError(f"{row[0]}() missing keyword argument {keyword!r}")
        value = given[keyword]
        if not _fits(kind, value):
            raise TypeError(f"{row[0]}() argument {keyword!r} must be {_KINDS[kind]}, not {type(value).__name__}")
        params[wire] = value
    for keyword in given:
        if all(keyword != known for _, known, _ in row[9]):
            raise TypeError(f"{row[0]}() got an unexpected keyword argument {keyword!r}")
    return params


_KINDS: _t.Final[dict[str, str]] = {"s": "str", "i": "int", "f": "float", "b": "bool"}


def _received_params(index: int, value: object) -> dict[str, object]:
    """The params of entry ``index`` in a body's params member, checked."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise EnvelopeError(f"the params are a JSON object, not {type(value).__name__}")
    received = _t.cast("dict[str, object]", value)
    params: dict[str, object] = {}
    for wire, _, kind in _ENTRIES[index][9]:
        if wire not in received:
            params[wire] = _zero(kind)
        elif _fits(kind, received[wire]):
            params[wire] = received[wire]
        else:
            raise EnvelopeError(f"the param {wire!r} must be {_KINDS[kind]}, not {type(received[wire]).__name__}")
    return params


def _check(fields: dict[str, object], wire: str, kind: str, optional: bool) -> None:
    """Raises ``EnvelopeError`` unless member ``wire`` is there (or ``optional``)
    and of type ``kind``, a key of ``_MEMBER_KINDS``."""
    if wire not in fields:
        if not optional:
            raise EnvelopeError(f"the envelope lacks {wire!r}")
        return
    fits, what = _MEMBER_KINDS[kind]
    if not fits(fields[wire]):
        raise EnvelopeError(f"{wire!r} must be {what}, not {fields[wire]!r}")


{%- if envelope.needs.check_const %}


def _check_const(fields: dict[str, object], wire: str, expected: object) -> None:
    """Raises ``EnvelopeError`` unless member ``wire`` is ``expected``."""
    if wire not in fields:
        raise EnvelopeError(f"the envelope lacks {wire!r}")
    value = fields[wire]
    if type(value) is not type(expected) or value != expected:
        raise EnvelopeError(f"{wire!r} must be {expected!r}, not {value!r}")
{%- endif %}


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_float(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_object(value: object) -> bool:
    return isinstance(value, dict)


def _is_array(value: object) -> bool:
    return isinstance(value, list)


def _is_any(value: object) -> bool:
    return True


_MEMBER_KINDS: _t.Final[dict[str, tuple[_t.Callable[[object], bool], str]]] = {
    "string": (_is_str, "a string"),
    "integer": (_is_int, "an integer"),
    "number": (_is_float, "a number"),
    "boolean": (_is_bool, "a boolean"),
    "object": (_is_object, "an object"),
    "array": (_is_array, "an array"),
    "any": (_is_any, "a JSON value"),
}


{%- if envelope.needs.either || envelope.needs.received %}
_T = _t.TypeVar("_T")
{%- endif %}
_E = _t.TypeVar("_E", bound={{ base }})


{%- if envelope.needs.either %}


def _either(value: _T | None, default: _T) -> _T:
    return default if value is None else value
{%- endif %}
{%- if envelope.needs.put %}


def _put(body: dict[str, object], wire: str, value: object) -> None:
    if value is not None:
        body[wire] = value
{%- endif %}
{%- if envelope.needs.copy %}


def _copy(body: dict[str, object], wire: str, given: _t.Mapping[str, object]) -> None:
    if wire in given:
        body[wire] = given[wire]
{%- endif %}
{%- if envelope.needs.received %}


def _received(body: dict[str, object] | None, wire: str, kind: type[_T]) -> _T | None:
    value = None if body is None else body.get(wire)
    return value if isinstance(value, kind) else None
{%- endif %}


def _pattern(rule: int, source: str) -> _t.Pattern[str]:
    compiled = _PATTERNS.get(rule)
    if compiled is None:
        compiled = _PATTERNS.setdefault(rule, _re.compile(source))
    return compiled


if not _t.TYPE_CHECKING:

    def __getattr__(name):
        index = _CLASS_INDEX.get(name)
        if index is not None:
            return _class(index)
        if name == "{{ any }}":
            # Python 3.9 has no `X | Y` of classes.
            return _t.Union[tuple(
                _class(index) for index in _CLASS_INDEX.values()) + ({{ unknown }},)
            ]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__():
        return sorted([*globals(), *_CLASS_INDEX, "{{ any }}"])
