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
{%- if let Some(systems) = systems %}

UpstreamSystem = _t.Literal[{{ systems.names }}]
"""A system whose errors the catalog's ``upstream`` mappings recognise
(``classify_body``)."""

UPSTREAM_SYSTEMS: _t.Final[tuple[UpstreamSystem, ...]] = ({{ systems.names }}{% if systems.rows.len() == 1 %},{% endif %})
"""Every upstream system, in catalog order."""
{%- endif %}


class ErrorCode(_enum.Enum):
    """Every code of the catalog, named after its entry."""
{%- for e in entries %}

    {{ e.enum_name }} = {{ e.code }}
{%- if let Some(doc) = e.member_doc() %}
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
    """A body that is not an error response of this catalog, or a param of
    a known code that is missing or not of its type (``parse``,
    ``from_envelope``)."""

    param: str | None
    """The param that is missing or not of its type, else ``None``."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.param))


class SuccessBody(EnvelopeError):
    """A body that is a success response, not an error (``parse``): one in a
    success shape (a payload and no code), or one whose code is a
    success's."""

    code: ErrorCode | None
    """The success's code, if its envelope carries one."""
    envelope: str
    """The name of the envelope the body is in."""
    body: dict[str, object]
    """The body as received."""

    def __init__(self, code: ErrorCode | None, envelope: str, body: dict[str, object]) -> None:
        if code is None:
            text = f"the body is a success response (envelope {envelope!r}), not an error"
        else:
            text = f"{code.value!r} is the code of a success (envelope {envelope!r}), not of an error"
        super().__init__(text)
        self.code = code
        self.envelope = envelope
        self.body = body

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.code, self.envelope, self.body))


class {{ base }}(Exception):
    """An error of catalog ``{{ name }}``.

    Each error entry of the catalog has a subclass, named after the entry,
    whose constructor takes the entry's params as keyword arguments;
    ``{{ unknown }}`` holds an error whose code this module does not know.
    ``{{ any }}`` is the union of them all, for ``match``.
    """

    _index: _t.ClassVar[int] = -1
    envelope: str | None
    """The name of the envelope it was read from (``parse``), else ``None``."""
    params: dict[str, object]
    """The params, by the names the catalog gives them (as on the wire).
    Empty for an error read from an envelope that carries no params."""
    body: dict[str, object] | None
    """The body it was read from (``parse``), else ``None``."""

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
        return (_restore, (self._index, self.params, self.body, self.envelope))

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
        error read with ``parse`` gives the message it was read with when no
        locale is asked for; a param it was not read with shows as
        ``{name}``."""
        if locale is None and self.body is not None:
            received = self._received(5, str)
            if received is not None:
                return received
        return _render(self._index, self.params, locale)

    def _received(self, part: int, kind: type[_T]) -> _T | None:
        """Part ``part`` of the body it was read from, if of type ``kind``
        (never a ``bool`` for ``int``): an index into its envelope's row of
        ``_ENVELOPES``, 5 the message, 7 the stage, 8 the HTTP status, 9
        the title."""
        value = _at(self.body, _t.cast("_Path", _envelope_row(self.envelope)[part]))
        if isinstance(value, kind) and not isinstance(value, bool):
            return value
        return None

    def _wire_code(self) -> {{ code_type }}:
        return _ENTRIES[self._index][1]

    def _title(self) -> str:
        return _ENTRIES[self._index][12] or ""

{%- for envelope in envelopes %}

    def {{ envelope.method }}(
        self,
        locale: str | None = None,
        fields: _t.Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        """The body of an error response for it in envelope
        ``{{ envelope.name }}``, its message in ``locale`` (see ``message``).
        ``fields`` are the members the server fills per occurrence, by wire
        name; without it, those of the body it was read from."""
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
{%- endfor %}


class {{ unknown }}({{ base }}):
    """An error with a code this module does not know (from a newer
    server): its code, message and body as received."""

    def __init__(
        self,
        code: {{ code_type }},
        message: str,
        body: dict[str, object] | None = None,
        envelope: str | None = None,
    ) -> None:
        self._code = code
        self._message = message
        _fill(self, {}, body, envelope)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._code!r}, {self._message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._code, self._message, self.body, self.envelope))

    @property
    def code(self) -> {{ code_type }}:
        """The code as received."""
        return self._code

    @property
    def http_status(self) -> int | None:
        """The HTTP status the body gives, if any."""
        return self._received(8, int)

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
        return self._received(7, str)

    def message(self, locale: str | None = None) -> str:
        """The message as received, whatever the locale."""
        return self._message

    def _wire_code(self) -> {{ code_type }}:
        return self._code

    def _title(self) -> str:
        return self._received(9, str) or ""


def parse(body: object) -> {{ any }}:
    """The error that the body of an error response holds: JSON text
    (``str`` or ``bytes``) or a body already read, in any of the catalog's
    envelopes that carry a code, tried in the order the catalog declares
    them{% for s in decode.shapes %}{% if loop.first %} ({% else %}, {% endif %}``{{ s.name }}``{% if loop.last %}){% endif %}{% endfor %}, read as the first it fits reads it.

    A known code (or an alias of one) gives an instance of its class, its
    params checked: a param of the code that the body lacks, or that is not
    of its type, raises ``EnvelopeError`` naming it (a param the entry does
    not declare is ignored, for a newer server's sake). An envelope with no
    params member carries none, and none are made up: the error's
    ``params`` is empty, reading a param's attribute raises
    ``AttributeError``, and ``message()`` is the message received. A code
    this module does not know gives ``{{ unknown }}`` with the code, the
    message (``""`` from an envelope without one) and the body.

    Raises ``EnvelopeError`` for text that is not JSON and for a body in
    none of those envelopes; ``SuccessBody`` (an ``EnvelopeError``) for a
    success response: a body in a success shape, or with a success's code."""
    if isinstance(body, (str, bytes, bytearray)):
        import json  # Here, so that importing the module does not import json.

        try:
            body = json.loads(body)
        except ValueError as error:
            raise EnvelopeError(f"not JSON: {error}") from None
    reasons: list[str] = []
{%- for s in decode.shapes %}
    why = _misfit(body, {{ s.index }})
    if why is None:
        return _read(_t.cast("dict[str, object]", body), {{ s.index }})
    reasons.append({{ s.literal }} + ": " + why)
{%- endfor %}
{%- for s in decode.successes %}
    if _misfit(body, {{ s.index }}) is None:
        raise SuccessBody(None, {{ s.literal }}, _t.cast("dict[str, object]", body))
{%- endfor %}
    raise EnvelopeError("a body in none of the envelopes (" + "; ".join(reasons) + ")")
{%- for s in decode.shapes %}


def {{ s.function }}(body: object) -> {{ any }}:
    """The error that a body in envelope ``{{ s.name }}`` holds, read as
    ``parse`` reads it. Raises ``EnvelopeError`` for a body not in that
    envelope (not an object, a member missing or of the wrong type)."""
    return _decode(body, {{ s.index }})
{%- endfor %}


def classify(
    status: int | None = None,
    grpc: int | None = None,
    text: str = "",
) -> {{ any }} | None:
    """The catalog's error for a known upstream error: its HTTP status, its
    gRPC code (a number) and its message text. Rules are tried in catalog
    order; a rule matches when all its conditions hold, and its params are
    read from its pattern's named groups (a param it does not capture is
    ``""``, ``0``, ``0.0`` or ``False``; a captured value not of its param's
    type, a 64-bit integer, a float, ``true`` or ``false``, means the rule
    does not match). A rule on a JSON field of its
    system never matches here: ``classify_body`` reads the fields. ``None``
    when no rule matches."""
    return _classify_in(None, status, grpc, lambda at: text if at == 0 else None)
{%- if let Some(systems) = systems %}


def classify_body(
    system: UpstreamSystem,
    body: object,
    status: int | None = None,
    grpc: int | None = None,
) -> {{ any }} | None:
    """The catalog's error for an error that ``system`` sent, read as the
    catalog declares the system: ``body`` is what it sent (JSON text, a
    body already read, or the whole text when its message is the text),
    from which its gRPC code, its message and its declared fields are read;
    ``status`` and ``grpc`` are the call's HTTP status and gRPC code, each
    read only when the system's errors come with it. Only the rules of
    ``system`` are tried, in catalog order, as ``classify`` tries them; a
    condition on what the error lacks (a body that is not JSON, a path that
    finds nothing, or no string) does not hold. ``None`` when no rule
    matches."""
    if system not in UPSTREAM_SYSTEMS:
        raise ValueError(f"{system!r} is not an upstream system of the catalog: {', '.join(UPSTREAM_SYSTEMS)}")
    index = UPSTREAM_SYSTEMS.index(system)
    with_status, grpc_at, texts = _SYSTEMS[index]
    if isinstance(body, (bytes, bytearray)):
        body = bytes(body).decode("utf-8", "replace")
    json_body = body
    if isinstance(body, str) and any(at != "call" for at in (grpc_at, *texts) if at is not None):
        import json  # Here, so that importing the module does not import json.

        try:
            json_body = json.loads(body)
        except ValueError:
            json_body = None

    def read(at: _Read) -> object:
        return body if at == "call" else _at(json_body, _t.cast("tuple[str | int, ...]", at))

    if grpc_at is not None and grpc_at != "call":
        found = read(grpc_at)
        grpc = found if isinstance(found, int) and not isinstance(found, bool) else None

    def text(at: int) -> str | None:
        found = read(texts[at]) if at < len(texts) else None
        return found if isinstance(found, str) else None

    return _classify_in(index, status if with_status else None, grpc if grpc_at is not None else None, text)
{%- endif %}


def _classify_in(
    system: int | None,
    status: int | None,
    grpc: int | None,
    text: _t.Callable[[int], str | None],
) -> {{ any }} | None:
    """The error of the first rule (of ``system``, if given) whose
    conditions hold on ``status``, ``grpc`` and the texts ``text`` gives by
    number (0 the message, ``i + 1`` the system's field ``i``)."""
    for rule, (index, http, grpc_code, contains, pattern, groups, rule_system, contains_in, pattern_in) in enumerate(
        _UPSTREAMS
    ):
        if system is not None and rule_system != system:
            continue
        if http is not None and http != status:
            continue
        if grpc_code is not None and grpc_code != grpc:
            continue
        if contains is not None:
            searched = text(contains_in)
            if searched is None or contains not in searched:
                continue
        found = None
        if pattern is not None:
            searched = text(pattern_in)
            found = None if searched is None else _pattern(rule, pattern).search(searched)
            if found is None:
                continue
        params: dict[str, object] = {}
        for (wire, _, kind), group in zip(_ENTRIES[index][9], groups):
            value = _parse(kind, None if found is None or group is None else found.group(group))
            if value is _UNPARSED:
                break  # A captured value not of its param's type: no match.
            params[wire] = value
        else:
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
        _OptionalInt,
        int,
        int,
    ]
    _Read = _t.Union[str, tuple[_t.Union[str, int], ...]]
    _System = tuple[bool, _t.Optional[_Read], tuple[_Read, ...]]
    _Path = _t.Optional[tuple[str, ...]]
    _Member = tuple[str, str, bool, object]
    _Envelope = tuple[
        str,
        tuple[_Member, ...],
        _OptionalStr,
        tuple[_Member, ...],
        _Path,
        _Path,
        _Path,
        _Path,
        _Path,
        _Path,
    ]
{%- for e in entries %}
{%- if let Some(class) = e.class_name %}

    class {{ class }}({{ base }}):
        {{ e.class_doc() }}

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
    {{ e.row() }},
{%- endfor %}
)

# Each envelope of the catalog, in declaration order: its name; its
# members, each (wire name, key of _MEMBER_KINDS or "const", optional, the
# const's value); the wire name of its nested error object (None: the error
# is the body's own members) and that object's members; the path of the
# code, the message, the params, the stage, the HTTP status and the title
# (None: it has none).
_ENVELOPES: tuple[_Envelope, ...] = (
{%- for row in decode.rows %}
    {{ row }},
{%- endfor %}
)

# Each upstream rule: its entry's index, HTTP status, gRPC code, substring,
# pattern for `re` (None: any), for each param the named group it is read
# from, its system's index in UPSTREAM_SYSTEMS (None: any), and which text
# the substring and the pattern are searched in (0 the message, i + 1 the
# system's field i).
_UPSTREAMS: tuple[_Rule, ...] = (
{%- for rule in upstreams %}
    {{ rule }},
{%- endfor %}
)
{%- if let Some(systems) = systems %}

# Each upstream system, as UPSTREAM_SYSTEMS orders them: whether its errors
# come with the call's HTTP status, where its gRPC code is read (None:
# nowhere), and where its texts are (its message, then each field); each
# place "call" (the call's gRPC code, or the whole text) or a path into the
# JSON body.
_SYSTEMS: tuple[_System, ...] = (
{%- for row in systems.rows %}
    {{ row }},
{%- endfor %}
)
{%- endif %}


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
        "__doc__": _render(index, {}, None),
        "_index": index,
    }
    for wire, keyword, _ in row[9]:
        namespace[keyword] = _param_property(wire)
    return _CLASSES.setdefault(index, type(name, ({{ base }},), namespace))


def _param_property(wire: str) -> property:
    def param(error: {{ base }}) -> object:
        if wire not in error.params:
            raise AttributeError(
                f"{type(error).__name__} has no param {wire!r}: it was read from an envelope without params"
            )
        return error.params[wire]

    return property(param, doc=f"The param {wire!r}.")


def _new(
    index: int,
    params: dict[str, object],
    body: dict[str, object] | None,
    envelope: str | None = None,
) -> {{ base }}:
    cls = _class(index)
    return _fill(cls.__new__(cls), params, body, envelope)


def _fill(
    error: _E,
    params: dict[str, object],
    body: dict[str, object] | None,
    envelope: str | None = None,
) -> _E:
    """Sets up ``error``, with its params by wire name, the body it was
    read from and the name of that body's envelope."""
    error.params = params
    error.body = body
    error.envelope = envelope
    Exception.__init__(error, error.message())
    return error


def _restore(
    index: int,
    params: dict[str, object],
    body: dict[str, object] | None,
    envelope: str | None = None,
) -> {{ base }}:
    return _new(index, params, body, envelope)


def _render(index: int, params: _t.Mapping[str, object], locale: str | None) -> str:
    row = _ENTRIES[index]
    by_locale = row[11]
    if by_locale is None:
        return str(row[1])
    chosen = 0 if locale is None else _LOCALE_INDEX.get(locale.lower().replace("_", "-"), 0)
    names = row[9]
    return "".join(
        piece if isinstance(piece, str) else _placeholder(params, names[piece][0])
        for piece in row[10][by_locale[chosen]]
    )


def _placeholder(params: _t.Mapping[str, object], wire: str) -> str:
    """A placeholder filled in: its param's value, or ``{wire}`` for a param
    that is not there (an error read from an envelope without params)."""
    return _show(params[wire]) if wire in params else "{" + wire + "}"


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


_UNPARSED: _t.Final = object()
"""What ``_parse`` gives for a captured text that is not of its type."""

# A float as every target reads a captured one (Rust's `f64::from_str`: no
# `_`, no spaces, `inf` and `nan` in any case).
_FLOAT: _t.Final = r"[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)"


def _parse(kind: str, text: str | None) -> object:
    """A param of type ``kind`` read from a pattern's group: its type's zero
    when nothing was captured, else the text read as every target reads it
    (a 64-bit integer, a float, ``true`` or ``false``), or ``_UNPARSED``."""
    if text is None or kind in ("l", "m", "a"):
        # Structured params are never read from text (the checker refuses
        # them on entries with upstream mappings).
        return _zero(kind)
    if kind == "s":
        return text
    if kind == "b":
        return {"true": True, "false": False}.get(text, _UNPARSED)
    if kind == "i":
        if _re.fullmatch(r"[+-]?[0-9]+", text, _re.ASCII) is None:
            return _UNPARSED
        number = int(text)
        return number if -(2**63) <= number < 2**63 else _UNPARSED
    if _re.fullmatch(_FLOAT, text, _re.ASCII | _re.IGNORECASE) is None:
        return _UNPARSED
    return float(text)


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


# Each param type's name, as a message says it.
_KINDS: _t.Final[dict[str, str]] = {
    "s": "str",
    "i": "int",
    "f": "float",
    "b": "bool",
    "l": "list",
    "m": "dict",
    "a": "object",
}


def _decode(body: object, envelope: int) -> {{ any }}:
    """The error that ``body``, in envelope ``envelope`` (its index in
    ``_ENVELOPES``, an envelope that carries a code), holds (``from_…``)."""
    why = _misfit(body, envelope)
    if why is not None:
        raise EnvelopeError(why)
    return _read(_t.cast("dict[str, object]", body), envelope)


def _read(fields: dict[str, object], envelope: int) -> {{ any }}:
    """The error that ``fields``, a body ``_misfit`` found in envelope
    ``envelope``, holds (``parse``, ``_decode``)."""
    row = _ENVELOPES[envelope]
    code = _t.cast("{{ code_type }}", _at(fields, row[4]))
    message = _at(fields, row[5])
    index = _INDEX.get(code)
    if index is None:
        return {{ unknown }}(code, message if isinstance(message, str) else "", fields, row[0])
    if _ENTRIES[index][0] is None:
        raise SuccessBody(_MEMBERS[index], row[0], fields)
    params: dict[str, object] = {}
    if row[6] is not None:
        params = _received_params(index, code, _at(fields, row[6]))
    return _t.cast("{{ any }}", _new(index, params, fields, row[0]))


def _received_params(index: int, code: object, value: object) -> dict[str, object]:
    """The params of entry ``index`` in a body's params member (``None``
    when the body has none), checked: every param is there, of its type."""
    received = _t.cast("dict[str, object]", value if isinstance(value, dict) else {})
    params: dict[str, object] = {}
    for wire, _, kind in _ENTRIES[index][9]:
        if wire not in received:
            raise EnvelopeError(f"code {code!r}: the param {wire!r} is missing", wire)
        if not _fits(kind, received[wire]):
            found = type(received[wire]).__name__
            raise EnvelopeError(f"code {code!r}: the param {wire!r} must be {_KINDS[kind]}, not {found}", wire)
        params[wire] = received[wire]
    return params


def _misfit(body: object, envelope: int) -> str | None:
    """Why ``body`` is not in envelope ``envelope`` (its index in
    ``_ENVELOPES``), or ``None`` when it is."""
    if not isinstance(body, dict):
        return f"an envelope is a JSON object, not {type(body).__name__}"
    keys = _t.cast("dict[object, object]", body)
    if not all(isinstance(key, str) for key in keys):
        return "an envelope's keys are strings"
    fields = _t.cast("dict[str, object]", body)
    row = _ENVELOPES[envelope]
    why = _members_misfit(fields, row[1], "")
    nested = row[2]
    if why is not None or nested is None:
        return why
    # The nested error object is an object: its members are checked.
    return _members_misfit(_t.cast("dict[str, object]", fields[nested]), row[3], nested + ".")


def _members_misfit(fields: dict[str, object], members: tuple[_Member, ...], prefix: str) -> str | None:
    """Why ``fields`` do not have ``members`` (rows of ``_ENVELOPES``), each
    named ``prefix`` and its wire name, or ``None``."""
    for wire, kind, optional, expected in members:
        if wire not in fields:
            if optional:
                continue
            return f"the envelope lacks {prefix + wire!r}"
        value = fields[wire]
        if kind == "const":
            if type(value) is not type(expected) or value != expected:
                return f"{prefix + wire!r} must be {expected!r}, not {value!r}"
            continue
        fits, what = _MEMBER_KINDS[kind]
        if not fits(value):
            return f"{prefix + wire!r} must be {what}, not {value!r}"
    return None


def _envelope_row(name: str | None) -> _Envelope:
    """The row of envelope ``name`` in ``_ENVELOPES``: the first's for
    ``None`` (an error made here, or given a body without its envelope)."""
    for row in _ENVELOPES:
        if row[0] == name:
            return row
    return _ENVELOPES[0]


def _at(body: object, path: tuple[str | int, ...] | None) -> object:
    """What ``body`` holds at ``path`` (object keys and array indexes: a
    member, one of its nested error object, a field of an upstream error),
    or ``None``."""
    if path is None:
        return None
    value = body
    for step in path:
        if isinstance(step, str) and isinstance(value, dict):
            value = _t.cast("dict[str, object]", value).get(step)
        elif isinstance(step, int) and isinstance(value, list):
            items = _t.cast("list[object]", value)
            value = items[step] if step < len(items) else None
        else:
            return None
    return value


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


_T = _t.TypeVar("_T")
_E = _t.TypeVar("_E", bound={{ base }})


{%- if needs.either %}


def _either(value: _T | None, default: _T) -> _T:
    return default if value is None else value
{%- endif %}
{%- if needs.put %}


def _put(body: dict[str, object], wire: str, value: object) -> None:
    if value is not None:
        body[wire] = value
{%- endif %}
{%- if needs.copy %}


def _copy(body: dict[str, object], wire: str, given: _t.Mapping[str, object]) -> None:
    if wire in given:
        body[wire] = given[wire]
{%- endif %}
{%- if needs.within %}


def _within(given: _t.Mapping[str, object], wire: str) -> _t.Mapping[str, object]:
    """The members of the object ``given`` holds as ``wire`` (a nested error
    object's per-occurrence fields), or none."""
    value = given.get(wire)
    return _t.cast("dict[str, object]", value) if isinstance(value, dict) else {}
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
