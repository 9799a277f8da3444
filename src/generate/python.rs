//! The Python target: one module per catalog, standard library only,
//! Python 3.9 or later.
//!
//! The module `<catalog>.py` holds, for a catalog `optverse`:
//!
//! | name | what |
//! |---|---|
//! | `ErrorCode` | an `enum.Enum` of every code, members named after entries in SHOUTY_SNAKE_CASE, with `kind`, `http_status`, `grpc_code`, `retryable`, `stage`, `deprecated`, `replaced_by`, `docs` |
//! | `LOCALES`, `DEFAULT_LOCALE`, `Locale` | the catalog's locales |
//! | `OptverseError` | the base exception: `code`, `params`, `body`, `message(locale)`, `envelope`, `to_envelope(locale, fields)` and a `to_<name>_envelope` per envelope its errors are sent in, `http_status`, … |
//! | `TenantForbidden`, … | one subclass per error entry, its params keyword-only and typed (`TenantForbidden(tenant="acme")`), each readable as an attribute |
//! | `UnknownOptverseError` | an error whose code the module does not know: code, message and body as received |
//! | `AnyOptverseError` | the union of every class, for an exhaustive `match` |
//! | `parse(body)`, `from_envelope(body)`, `from_<name>_envelope(body)` | reading an error response's body in any of the catalog's envelopes (or in one), every member and param checked |
//! | `EnvelopeError`, `SuccessBody` | a body that is not an error of the catalog, or a success |
//! | `classify(status, grpc, text)` | the catalog's error for a known upstream error |
//! | `UpstreamSystem`, `classify_body(system, body, status, grpc)` | the same, read from what a declared upstream system sent as the catalog declares it |
//!
//! # What importing costs
//!
//! A service imports the module at start-up, so the module is made of
//! tables rather than code per entry (`benches/downstream.rs`; BENCHMARKS.md,
//! "Downstream cost"): one tuple row per entry (`_ENTRIES`, a constant the
//! compiler folds, unmarshalled at once from the `.pyc`), and one per
//! upstream rule. Creating a class costs Python far more than the enum
//! member of the same code, so an entry's class is made from its row the
//! first time it is named (the module's `__getattr__`: `from optverse import
//! TenantForbidden`, `optverse.TenantForbidden`, `from_envelope`,
//! `classify`, unpickling). Type checkers read the classes' declarations in
//! an `if TYPE_CHECKING:` block, which never runs. Patterns are compiled
//! when first tried.
//!
//! # Names
//!
//! Classes are entries' names in UpperCamelCase; a name that is a Python
//! keyword (`None`), a builtin class (`ValueError`), or a name of the
//! module (`ErrorCode`, `EnvelopeError`, `Locale`, the catalog's base,
//! unknown and union classes) gets a trailing `_`. A param's keyword and
//! attribute is its name in snake_case, with a trailing `_` when it is a
//! keyword or a name the error has already ([`ERROR_MEMBERS`]). Every name
//! the module binds for itself starts with `_` (`_t` for `typing`, `_re`,
//! `_enum`), which no UpperCamelCase name does. On the wire (params, the
//! envelope) names stay as the catalog wrote them.
//!
//! # Escaping
//!
//! Catalog text reaches the module only in string literals (a docstring is
//! one): `\`, `"`, `\r`, `\t` (and `\n` outside docstrings) are escaped, and
//! every character the one policy of [`crate::invisible`] calls invisible
//! is written `\xXX`, `\uXXXX` or `\UXXXXXXXX`. No comment holds catalog
//! text, so none can become a `coding:` declaration. Patterns are printed
//! for `re` from their parsed form (`crate::ir::pattern::python_source`).
//!
//! # The locale fallback
//!
//! The generator, not the module, applies [`Catalog::localized`]: each row
//! lists, for each locale of the catalog, which of the entry's messages that
//! locale shows. At run time a locale outside the catalog shows the default
//! locale's.

use super::{
    push_decimal, push_escaped_runs, write_text_file, Generator, Options, PlannedFile,
    PLAIN_IN_STRING,
};
use crate::invisible::is_invisible;
use crate::ir::names::canonical_locale;
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, EnvelopeShape, MemberKind, Message, MetaValue,
    ParamType, PathStep, ProblemType, Segment, UpstreamSource,
};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The Python target.
pub(crate) static GENERATOR: Python = Python;

/// The Python target (see the module's documentation).
pub(crate) struct Python;

impl Generator for Python {
    fn summary(&self) -> &'static str {
        "Python (3.9+, standard library only): an ErrorCode enum, an exception class per error with typed keyword params, message(locale), to_envelope/from_envelope and classify."
    }

    fn plan<'a>(&self, catalog: &'a Catalog, _options: &Options) -> Vec<PlannedFile<'a>> {
        let path = PathBuf::from(format!("{}.py", catalog.name.snake()));
        vec![PlannedFile::new(path, move |out| {
            write_text_file(&ModulePy::new(catalog), out)
        })]
    }
}

/// Python's keywords (soft keywords such as `match` are ordinary names).
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python's builtins whose names start with a capital letter (a test
/// compares the list with the interpreter's `builtins`): no class may hide
/// one from the module's own code.
pub const BUILTIN_CLASSES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
];

/// Names an error has already (its methods and attributes, `self`, and the
/// builtin types its declarations name): no param's keyword may be one.
pub const ERROR_MEMBERS: &[&str] = &[
    "self",
    "code",
    "params",
    "body",
    "envelope",
    "message",
    "to_envelope",
    "http_status",
    "grpc_code",
    "retryable",
    "stage",
    "args",
    "with_traceback",
    "add_note",
    "str",
    "int",
    "float",
    "bool",
];

/// The names of the module that no class may take, besides the catalog's
/// own base, unknown and union classes.
const MODULE_CLASSES: &[&str] = &[
    "ErrorCode",
    "EnvelopeError",
    "SuccessBody",
    "Locale",
    "UpstreamSystem",
];

/// The view the template prints: every string is Python already.
#[cfg_attr(
    feature = "askama-derive",
    derive(askama::Template),
    template(path = "python/module.py", escape = "none")
)]
struct ModulePy<'a> {
    /// The first line, without `# `.
    header: String,
    /// The module's docstring, a literal.
    doc: String,
    /// The catalog's name as written (an identifier).
    name: String,
    /// `LOCALES` as a tuple literal.
    locales: String,
    /// The default locale as a literal.
    default_locale: String,
    /// The locales as literals, separated by `, `.
    locale_literals: String,
    /// The locales by canonical tag, a dict literal.
    locale_index: String,
    /// `str` or `int`.
    code_type: &'static str,
    /// The base class's name.
    base: String,
    /// The unknown error's class name.
    unknown: String,
    /// The union's name.
    any: String,
    /// The entries, in catalog order.
    entries: Vec<EntryPy<'a>>,
    /// The upstream rules as rows.
    upstreams: Vec<String>,
    /// The upstream systems (`None`: the catalog has none).
    systems: Option<SystemsPy>,
    /// `alias: entry index` of each alias (`alias` in the catalog), in
    /// catalog order: `_INDEX` maps them to their entries too.
    aliases: Vec<String>,
    /// One `to_…` method per envelope (`to_envelope`, `to_cli_envelope`).
    envelopes: Vec<EnvelopeParts>,
    /// The helpers the `to_…` methods call.
    needs: Needs,
    /// Decoding a received body in any of the catalog's envelopes.
    decode: DecodePy,
}

/// Which of the envelope's helpers the module calls (only those are
/// printed: a strict type checker reports a private function never called).
#[derive(Default, Clone, Copy)]
struct Needs {
    either: bool,
    put: bool,
    copy: bool,
    within: bool,
}

// askama's derive of the template above, checked in so that a build script
// compiles no proc macro (tests/templates_expanded.rs makes it).
#[cfg(not(feature = "askama-derive"))]
include!("expanded/python.rs");

/// One entry: the names it is printed under several times, made once;
/// its docstrings and `_ENTRIES` row, printed once each, made when printed
/// (held for every entry at once they were 70 MB of a 100,000-entry
/// compile).
struct EntryPy<'a> {
    catalog: &'a Catalog,
    entry: &'a Entry,
    /// Its `ErrorCode` member.
    enum_name: &'a str,
    /// Its code as a literal.
    code: String,
    /// Its class's name (`None` for a success).
    class_name: Option<String>,
    /// Its params' keywords and types.
    params: Vec<ParamPy>,
}

/// One param of a class.
struct ParamPy {
    /// Its keyword and attribute.
    attr: String,
    /// Its Python type.
    ty: String,
}

impl<'a> ModulePy<'a> {
    fn new(catalog: &'a Catalog) -> ModulePy<'a> {
        let base = format!("{}Error", catalog.name.upper_camel());
        let unknown = format!("Unknown{base}");
        let any = format!("Any{base}");
        let taken: Vec<&str> = MODULE_CLASSES
            .iter()
            .copied()
            .chain([base.as_str(), unknown.as_str(), any.as_str()])
            .collect();
        let default_locale = catalog.default_locale();

        let mut doc = format!("Errors of catalog ``{}``", catalog.name.original());
        if let Some(v) = &catalog.version {
            doc.push_str(&format!(" version {v}"));
        }
        doc.push_str(", generated by errgen.");
        if let Some(title) = &catalog.title {
            doc.push_str("\n\n");
            doc.push_str(title);
        }
        if let Some(d) = catalog.localized(&catalog.description, default_locale) {
            doc.push_str("\n\n");
            doc.push_str(&d.text);
        }
        if let Some(docs) = &catalog.docs {
            doc.push_str(&format!("\n\nSee {docs}"));
        }
        doc.push('\n');

        let entries = catalog
            .entries
            .iter()
            .map(|entry| EntryPy::new(catalog, entry, &taken))
            .collect();
        let mut upstreams = Vec::new();
        for (i, entry) in catalog.entries.iter().enumerate() {
            for upstream in &entry.upstreams {
                let mut row = String::from("(");
                push_decimal(&mut row, i as u64);
                row.push_str(", ");
                push_optional(&mut row, upstream.http.map(u64::from));
                row.push_str(", ");
                push_optional(&mut row, upstream.grpc.map(|g| u64::from(g.number())));
                row.push_str(", ");
                push_optional_string(&mut row, upstream.contains.as_deref());
                row.push_str(", ");
                push_optional_string(&mut row, upstream.python_pattern().as_deref());
                row.push_str(", (");
                for p in entry.params.iter() {
                    push_optional_string(&mut row, upstream.group_for(p));
                    row.push_str(", ");
                }
                close_tuple(&mut row, entry.params.len());
                row.push_str("), ");
                // The system, and which of its texts `contains` and the
                // pattern read.
                push_optional(&mut row, upstream.system.map(|s| s as u64));
                for field in [&upstream.contains_field, &upstream.pattern_field] {
                    row.push_str(", ");
                    let text = upstream.text_index(&catalog.upstream_systems, field.as_deref());
                    push_decimal(&mut row, text as u64);
                }
                row.push(')');
                upstreams.push(row);
            }
        }

        let envelopes: Vec<EnvelopeParts> = (0..catalog.envelopes.len())
            // Only errors have classes: no method for a shape that only
            // successes are sent in.
            .filter(|&index| {
                catalog.envelope_made(index)
                    && (index == 0 || !catalog.envelope_for_successes(index))
            })
            .map(|index| EnvelopeParts::new(catalog, index))
            .collect();
        let needs = envelopes.iter().fold(Needs::default(), |all, e| Needs {
            either: all.either || e.needs.either,
            put: all.put || e.needs.put,
            copy: all.copy || e.needs.copy,
            within: all.within || e.needs.within,
        });
        let mut locale_index = String::from("{");
        for (i, locale) in catalog.locales.iter().enumerate() {
            if i > 0 {
                locale_index.push_str(", ");
            }
            push_string(&mut locale_index, &canonical_locale(locale));
            locale_index.push_str(": ");
            push_decimal(&mut locale_index, i as u64);
        }
        locale_index.push('}');
        let literals: Vec<String> = catalog.locales.iter().map(|l| string(l)).collect();

        ModulePy {
            header: super::header_line(catalog, super::text::comment_line),
            doc: docstring(&doc),
            name: catalog.name.original().to_owned(),
            locales: tuple(&literals),
            default_locale: string(default_locale),
            locale_literals: literals.join(", "),
            locale_index,
            code_type: match catalog.code_kind {
                CodeKind::Integer => "int",
                CodeKind::String => "str",
            },
            base,
            unknown,
            any,
            entries,
            upstreams,
            systems: SystemsPy::new(catalog),
            aliases: catalog
                .entries
                .iter()
                .enumerate()
                .flat_map(|(i, e)| {
                    e.aliases.iter().map(move |a| {
                        let mut row = String::new();
                        push_code(&mut row, &a.code);
                        row.push_str(": ");
                        push_decimal(&mut row, i as u64);
                        row
                    })
                })
                .collect(),
            envelopes,
            needs,
            decode: DecodePy::new(catalog),
        }
    }
}

impl<'a> EntryPy<'a> {
    fn new(catalog: &'a Catalog, entry: &'a Entry, taken: &[&str]) -> EntryPy<'a> {
        EntryPy {
            catalog,
            entry,
            enum_name: entry.name.shouty_snake(),
            code: {
                let mut code = String::new();
                push_code(&mut code, &entry.code);
                code
            },
            class_name: (entry.kind == EntryKind::Error).then(|| class_name(entry, taken)),
            params: entry
                .params
                .iter()
                .map(|p| ParamPy {
                    attr: param_name(p.name.snake()),
                    ty: py_type(&p.ty),
                })
                .collect(),
        }
    }

    /// The docstring of its member: its message in the default locale.
    fn member_doc(&self) -> Option<String> {
        self.default_message().map(|m| docstring(&m.text))
    }

    fn default_message(&self) -> Option<&'a Message> {
        self.catalog
            .localized(&self.entry.messages, self.catalog.default_locale())
    }

    /// Its class's docstring.
    fn class_doc(&self) -> String {
        let (catalog, entry) = (self.catalog, self.entry);
        let message = self.default_message().map_or("", |m| m.text.as_str());
        if entry.deprecated.is_none() && !message.is_empty() {
            // Most entries: the message as it is, not copied first.
            return docstring(message);
        }
        let mut class_doc = message.to_owned();
        if let Some(d) = &entry.deprecated {
            if !class_doc.is_empty() {
                class_doc.push_str("\n\n");
            }
            class_doc.push_str("Deprecated");
            if let Some(reason) = &d.reason {
                class_doc.push_str(": ");
                class_doc.push_str(reason);
            }
            if let Some(i) = d.replaced_by_entry {
                class_doc.push_str(&format!(" (replaced by ``{}``)", catalog.entries[i].code));
            }
            class_doc.push('.');
        }
        if class_doc.is_empty() {
            class_doc = format!("The error ``{}``.", entry.code);
        }
        docstring(&class_doc)
    }

    /// Its `_ENTRIES` row.
    fn row(&self) -> String {
        let (catalog, entry) = (self.catalog, self.entry);
        // The row: see `_Row` in the template.
        // One allocation: the fixed columns, the params, the messages.
        let texts: usize = entry.messages.iter().map(|m| m.text.len()).sum();
        let mut row = String::with_capacity(128 + 48 * entry.params.len() + 2 * texts);
        row.push('(');
        match &self.class_name {
            Some(name) => push_string(&mut row, name),
            None => row.push_str("None"),
        }
        row.push_str(", ");
        push_code(&mut row, &entry.code);
        row.push_str(", ");
        push_optional(&mut row, entry.http.map(u64::from));
        row.push_str(", ");
        push_optional(&mut row, entry.grpc.map(|g| u64::from(g.number())));
        row.push_str(if entry.retryable {
            ", True, "
        } else {
            ", False, "
        });
        push_optional_string(&mut row, entry.stage.as_deref());
        row.push_str(if entry.deprecated.is_some() {
            ", True, "
        } else {
            ", False, "
        });
        let replaced_by = entry.deprecated.as_ref().and_then(|d| d.replaced_by_entry);
        push_optional(&mut row, replaced_by.map(|i| i as u64));
        row.push_str(", ");
        push_optional_string(&mut row, entry.docs.as_deref());
        row.push_str(", (");
        for (p, py) in entry.params.iter().zip(&self.params) {
            row.push('(');
            push_string(&mut row, p.name.original());
            row.push_str(", ");
            push_string(&mut row, &py.attr);
            row.push_str(", \"");
            row.push_str(kind_tag(&p.ty));
            row.push_str("\"), ");
        }
        close_tuple(&mut row, entry.params.len());
        row.push_str("), (");
        let mut text = String::new();
        for m in entry.messages.iter() {
            row.push('(');
            let mut pieces = 0;
            text.clear();
            for segment in m.segments() {
                match segment {
                    Segment::Text(t) => text.push_str(&t),
                    Segment::Placeholder(p) => match p.param {
                        Some(i) if i < entry.params.len() => {
                            push_string(&mut row, &text);
                            row.push_str(", ");
                            push_decimal(&mut row, i as u64);
                            row.push_str(", ");
                            text.clear();
                            pieces += 2;
                        }
                        // Unresolved (only in a catalog with errors): as written.
                        _ => {
                            let _ = write!(text, "{}", p.key);
                        }
                    },
                }
            }
            push_string(&mut row, &text);
            if pieces == 0 {
                row.push(',');
            }
            row.push_str("), ");
        }
        close_tuple(&mut row, entry.messages.len());
        row.push_str("), ");
        if entry.messages.is_empty() {
            row.push_str("None");
        } else {
            // The locale fallback, applied here once for every locale.
            row.push('(');
            for locale in &catalog.locales {
                let chosen = catalog
                    .localized(&entry.messages, locale)
                    .and_then(|m| entry.messages.iter().position(|n| std::ptr::eq(n, m)))
                    .unwrap_or(0);
                push_decimal(&mut row, chosen as u64);
                row.push_str(", ");
            }
            close_tuple(&mut row, catalog.locales.len());
            row.push(')');
        }
        row.push_str(", ");
        let title = (catalog.envelope().shape == EnvelopeShape::Problem)
            .then(|| catalog.envelope().problem_title(entry));
        push_optional_string(&mut row, title.as_deref());
        row.push(')');
        row
    }
}

/// One `to_…` method of the error, making a body in one envelope
/// (`to_envelope`, `to_cli_envelope`): each kind of member mapped to
/// Python here and only here.
struct EnvelopeParts {
    /// The method's name.
    method: String,
    /// The envelope's name as declared.
    name: String,
    /// Its statements, filling `body` (and a nested error object's dict).
    put: Vec<String>,
    /// Whether a statement reads `given` (the per-occurrence fields).
    uses_given: bool,
    needs: Needs,
}

impl EnvelopeParts {
    fn new(catalog: &Catalog, index: usize) -> EnvelopeParts {
        let envelope = &catalog.envelopes[index];
        let problem = envelope.shape == EnvelopeShape::Problem;
        let errors = || {
            catalog
                .entries
                .iter()
                .filter(|e| e.kind == EntryKind::Error)
        };
        let every_http = errors().all(|e| e.http.is_some());
        let every_stage = errors().all(|e| e.stage.is_some());
        let mut parts = EnvelopeParts {
            method: format!("to_{}", envelope.function_stem()),
            name: envelope.name.original().to_owned(),
            put: Vec::new(),
            uses_given: false,
            needs: Needs::default(),
        };
        // The members of the body, then those of its nested error object
        // (filled into `error`, then set as its member).
        let nested = envelope.error_object();
        let top = envelope.members.iter().map(|m| ("body", m));
        let inner = nested
            .into_iter()
            .flat_map(|e| e.members.iter().map(|m| ("error", m)));
        if nested.is_some() {
            parts.put.push("error: dict[str, object] = {}".to_owned());
        }
        let mut nested_given = false;
        for (body, member) in inner.chain(top) {
            let w = string(&member.wire);
            // The per-occurrence fields: a nested object's are in the given
            // body's nested object.
            let given = if body == "error" {
                "given_error"
            } else {
                "given"
            };
            let mut optional = member.optional;
            let put = match member.kind {
                MemberKind::Code => format!("{body}[{w}] = self._wire_code()"),
                MemberKind::Message => format!("{body}[{w}] = self.message(locale)"),
                MemberKind::Title => format!("{body}[{w}] = self._title()"),
                MemberKind::HttpStatus => {
                    // A problem's `status` is always sent (the IR says so).
                    optional |= !every_http && !problem;
                    if optional {
                        format!("_put({body}, {w}, self.http_status)")
                    } else {
                        format!(
                            "body[{w}] = _either(self.http_status, {})",
                            crate::ir::Envelope::FALLBACK_STATUS
                        )
                    }
                }
                MemberKind::Stage => {
                    optional |= !every_stage;
                    if optional {
                        format!("_put({body}, {w}, self.stage)")
                    } else {
                        format!("{body}[{w}] = _either(self.stage, \"\")")
                    }
                }
                MemberKind::Params => {
                    if optional {
                        format!("_put({body}, {w}, dict(self.params) or None)")
                    } else {
                        format!("{body}[{w}] = dict(self.params)")
                    }
                }
                MemberKind::Const => {
                    format!("{body}[{w}] = {}", const_literal(member.value.as_ref()))
                }
                MemberKind::ProblemType => match envelope.problem_type() {
                    Some(ProblemType::Prefixed(base)) => {
                        format!("{body}[{w}] = {} + str(self._wire_code())", string(base))
                    }
                    Some(ProblemType::Blank) | None => {
                        format!("{body}[{w}] = {}", string(ProblemType::BLANK))
                    }
                },
                MemberKind::OuterCode
                | MemberKind::OuterMessage
                | MemberKind::Detail
                | MemberKind::Instance
                | MemberKind::Field
                | MemberKind::Data => {
                    parts.uses_given = true;
                    nested_given |= body == "error";
                    if optional {
                        format!("_copy({body}, {w}, {given})")
                    } else {
                        format!("{body}[{w}] = {given}.get({w}, {})", zero(&member.ty))
                    }
                }
                MemberKind::Error => format!("{body}[{w}] = error"),
            };
            parts.put.push(put);
        }
        if let (true, Some(nested)) = (nested_given, nested) {
            let line = format!("given_error = _within(given, {})", string(&nested.wire));
            parts.put.insert(1, line);
        }
        // The helpers the statements above call, found in them.
        let calls = |helper: &str| {
            let call = format!("{helper}(");
            parts.put.iter().any(|line| line.contains(&call))
        };
        parts.needs = Needs {
            either: calls("_either"),
            put: calls("_put"),
            copy: calls("_copy"),
            within: calls("_within"),
        };
        parts
    }
}

/// The upstream systems, for `classify_body`.
struct SystemsPy {
    /// Their names as literals, in catalog order, separated by `, `.
    names: String,
    /// One `_SYSTEMS` row per system: whether its errors come with the
    /// call's HTTP status, where its gRPC code is read (`None`: nowhere),
    /// and where its texts are (see `UpstreamSystem::texts`); each place
    /// `"call"` (the call itself, or the whole text) or a path.
    rows: Vec<String>,
}

impl SystemsPy {
    fn new(catalog: &Catalog) -> Option<SystemsPy> {
        if catalog.upstream_systems.is_empty() {
            return None;
        }
        let read = |source: &UpstreamSource| match source {
            UpstreamSource::Call => "\"call\"".to_owned(),
            UpstreamSource::Field(path) => {
                let steps: Vec<String> = path
                    .steps
                    .iter()
                    .map(|step| match step {
                        PathStep::Key(key) => string(key),
                        PathStep::Index(n) => n.to_string(),
                    })
                    .collect();
                tuple(&steps)
            }
        };
        let systems = &catalog.upstream_systems;
        Some(SystemsPy {
            names: systems
                .iter()
                .map(|s| string(s.name.original()))
                .collect::<Vec<_>>()
                .join(", "),
            rows: systems
                .iter()
                .map(|s| {
                    let texts: Vec<String> = s.texts().iter().map(read).collect();
                    format!(
                        "({}, {}, {})",
                        if s.status { "True" } else { "False" },
                        s.grpc.as_ref().map_or_else(|| "None".to_owned(), read),
                        tuple(&texts)
                    )
                })
                .collect(),
        })
    }
}

/// Decoding a received body (`parse`, `from_envelope`, `from_cli_envelope`,
/// …): the envelopes as rows of `_ENVELOPES`, which the template's helpers
/// read, and the ones `parse` tries. Each kind of member the decoding reads
/// is found here and only here.
struct DecodePy {
    /// One `_ENVELOPES` row per envelope of the catalog, in declaration
    /// order: its name, its members' checks, the wire name of its nested
    /// error object and that object's members' checks, then the paths of
    /// the code, the message, the params, the stage, the HTTP status and
    /// the title.
    rows: Vec<String>,
    /// The envelopes that carry a code, in declaration order: what `parse`
    /// tries, each with its `from_…` function.
    shapes: Vec<DecodeShapePy>,
    /// The success shapes (a payload, no code), in declaration order: a
    /// body that fits one is a success, not an error.
    successes: Vec<DecodeShapePy>,
}

/// One envelope `parse` reads.
struct DecodeShapePy {
    /// Its index in `_ENVELOPES` (and among the catalog's envelopes).
    index: usize,
    /// Its name as declared (an identifier, `default` when unnamed).
    name: String,
    /// Its name as a string literal.
    literal: String,
    /// Its function: `from_envelope` for the default envelope, else
    /// `from_<name>_envelope`.
    function: String,
}

impl DecodePy {
    fn new(catalog: &Catalog) -> DecodePy {
        let mut decode = DecodePy {
            rows: Vec::new(),
            shapes: Vec::new(),
            successes: Vec::new(),
        };
        for (index, envelope) in catalog.envelopes.iter().enumerate() {
            let shape = DecodeShapePy {
                index,
                name: envelope.name.original().to_owned(),
                literal: string(envelope.name.original()),
                function: format!("from_{}", envelope.function_stem()),
            };
            let nested = envelope.error_object();
            let part = |kind: MemberKind| match envelope.members.iter().find(|m| m.kind == kind) {
                Some(m) => tuple(&[string(&m.wire)]),
                None => match nested
                    .and_then(|e| e.members.iter().find(|m| m.kind == kind).map(|m| (e, m)))
                {
                    Some((e, m)) => tuple(&[string(&e.wire), string(&m.wire)]),
                    None => "None".to_owned(),
                },
            };
            let parts: Vec<String> = [
                MemberKind::Code,
                MemberKind::Message,
                MemberKind::Params,
                MemberKind::Stage,
                MemberKind::HttpStatus,
                MemberKind::Title,
            ]
            .into_iter()
            .map(part)
            .collect();
            decode.rows.push(format!(
                "({}, {}, {}, {}, {})",
                shape.literal,
                member_checks(&envelope.members),
                nested.map_or_else(|| "None".to_owned(), |e| string(&e.wire)),
                member_checks(nested.map_or(&[][..], |e| &e.members[..])),
                parts.join(", ")
            ));
            if envelope.member(MemberKind::Code).is_some() {
                decode.shapes.push(shape);
            } else if envelope.is_success() {
                decode.successes.push(shape);
            }
        }
        decode
    }
}

/// The checks of `members` as a tuple of `(wire, kind, optional, value)`:
/// `kind` a key of `_MEMBER_KINDS` (by the member's JSON type; `any`:
/// present is enough), or `const` for a fixed `value`. The code and the
/// nested error object are never optional: the error is read from them.
fn member_checks(members: &[crate::ir::EnvelopeMember]) -> String {
    let rows: Vec<String> = members
        .iter()
        .map(|member| {
            let (kind, value) = match member.kind {
                MemberKind::Const => ("const", const_literal(member.value.as_ref())),
                MemberKind::Error => ("object", "None".to_owned()),
                _ => (
                    member.ty.json_schema_type().unwrap_or("any"),
                    "None".to_owned(),
                ),
            };
            let optional =
                member.optional && !matches!(member.kind, MemberKind::Code | MemberKind::Error);
            format!(
                "({}, \"{kind}\", {}, {value})",
                string(&member.wire),
                if optional { "True" } else { "False" }
            )
        })
        .collect();
    tuple(&rows)
}

/// The value of a required member the server fills, when not given.
fn zero(ty: &ParamType) -> &'static str {
    match ty {
        ParamType::String => "\"\"",
        ParamType::Int => "0",
        ParamType::Float => "0.0",
        ParamType::Bool => "False",
        ParamType::Map(_) | ParamType::Record(_) => "{}",
        ParamType::List(_) => "[]",
        ParamType::Any => "None",
    }
}

/// A `const` member's value as a literal.
fn const_literal(value: Option<&MetaValue>) -> String {
    match value {
        Some(MetaValue::Str(s)) => string(s),
        Some(MetaValue::Bool(true)) => "True".to_owned(),
        Some(MetaValue::Bool(false)) => "False".to_owned(),
        Some(MetaValue::Int(n)) => n.to_string(),
        None => "\"\"".to_owned(),
    }
}

/// The Python type of a param: the scalars as themselves, a list and a
/// map as `list[…]` and `dict[str, …]`, a record as the JSON object it is
/// on the wire (`dict[str, object]`), `any` as `object`.
fn py_type(ty: &ParamType) -> String {
    match ty {
        ParamType::String => "str".into(),
        ParamType::Int => "int".into(),
        ParamType::Float => "float".into(),
        ParamType::Bool => "bool".into(),
        ParamType::Any => "object".into(),
        ParamType::List(item) => format!("list[{}]", py_type(item)),
        ParamType::Map(value) => format!("dict[str, {}]", py_type(value)),
        ParamType::Record(_) => "dict[str, object]".into(),
    }
}

/// The tag of a param's type in a row (`_fits`, `_zero` and `_parse` read
/// it): a scalar's, or the JSON shape of a structured value (its items and
/// fields are not checked).
fn kind_tag(ty: &ParamType) -> &'static str {
    match ty {
        ParamType::String => "s",
        ParamType::Int => "i",
        ParamType::Float => "f",
        ParamType::Bool => "b",
        ParamType::List(_) => "l",
        ParamType::Map(_) | ParamType::Record(_) => "m",
        ParamType::Any => "a",
    }
}

/// An entry's class name: its name in UpperCamelCase, with a trailing `_`
/// when that is a keyword, a builtin class or one of `taken`.
fn class_name(entry: &Entry, taken: &[&str]) -> String {
    let name = entry.name.upper_camel();
    if KEYWORDS.contains(&name) || BUILTIN_CLASSES.contains(&name) || taken.contains(&name) {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

/// A param's keyword: its name in snake_case, with a trailing `_` when that
/// is a keyword or one of the [`ERROR_MEMBERS`], or could be the method of
/// an envelope (`to_cli_envelope`).
fn param_name(snake: &str) -> String {
    let method = snake.starts_with("to_") && snake.ends_with("_envelope");
    if KEYWORDS.contains(&snake) || ERROR_MEMBERS.contains(&snake) || method {
        format!("{snake}_")
    } else {
        snake.to_owned()
    }
}

/// Ends the items of a tuple, each written with `, ` after it: the last
/// `, ` removed, or for one item only its space (`(a,)`).
fn close_tuple(out: &mut String, items: usize) {
    if out.ends_with(", ") {
        out.truncate(out.len() - if items == 1 { 1 } else { 2 });
    }
}

/// `items` as a tuple literal (`(a,)` for one).
fn tuple(items: &[String]) -> String {
    match items {
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

/// Appends a number or `None`.
fn push_optional(out: &mut String, value: Option<u64>) {
    match value {
        Some(n) => push_decimal(out, n),
        None => out.push_str("None"),
    }
}

/// Appends a string literal or `None`.
fn push_optional_string(out: &mut String, value: Option<&str>) {
    match value {
        Some(s) => push_string(out, s),
        None => out.push_str("None"),
    }
}

/// Appends a code as a literal: `"A"` or `100101`.
fn push_code(out: &mut String, code: &Code) {
    match code {
        Code::Int(n) => push_decimal(out, *n),
        Code::Str(s) => push_string(out, s),
    }
}

/// `s` as a double-quoted Python string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string(&mut out, s);
    out
}

/// Appends `s` as a double-quoted Python string literal.
fn push_string(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s, false);
    out.push('"');
}

/// `s` as a docstring: a triple-quoted literal whose line breaks stay
/// line breaks.
fn docstring(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 6);
    out.push_str("\"\"\"");
    push_escaped(&mut out, s, true);
    out.push_str("\"\"\"");
    out
}

/// Appends `s` escaped for the inside of a `"` or `"""` literal.
fn push_escaped(out: &mut String, s: &str, keep_newlines: bool) {
    push_escaped_runs(out, s, &PLAIN_IN_STRING, b"\"\\", |out, rest| {
        let c = rest.chars().next()?;
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' if keep_newlines => return None,
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => push_escape(out, c),
            _ => return None,
        }
        Some(c.len_utf8())
    });
}

/// Appends Python's escape of `c`: `\xXX`, `\uXXXX` or `\UXXXXXXXX`.
fn push_escape(out: &mut String, c: char) {
    let n = u32::from(c);
    // Writing to a String cannot fail.
    let _ = if n < 0x100 {
        write!(out, "\\x{n:02x}")
    } else if n <= 0xFFFF {
        write!(out, "\\u{n:04x}")
    } else {
        write!(out, "\\U{n:08x}")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("x\n\t\0y"), r#""x\n\t\x00y""#);
        assert_eq!(
            string("\u{200f}\u{2028}😀\u{7f}"),
            r#""\u200f\u2028😀\x7f""#
        );
        assert_eq!(string("한국어 中文 '"), "\"한국어 中文 '\"");
        assert_eq!(docstring("a\nb\"\r"), "\"\"\"a\nb\\\"\\r\"\"\"");
    }

    #[test]
    fn every_invisible_character_is_escaped() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let literal = string(&format!("ab{c}cd"));
            if is_invisible(c) {
                assert!(!literal.contains(c), "{c:?} is left raw: {literal}");
            }
        }
    }

    #[test]
    fn names() {
        assert_eq!(param_name("self"), "self_");
        assert_eq!(param_name("match"), "match");
        assert_eq!(param_name("class"), "class_");
        assert_eq!(param_name("code"), "code_");
        assert_eq!(param_name("tenant"), "tenant");
        assert_eq!(tuple(&["\"en\"".to_owned()]), "(\"en\",)");
    }
}
