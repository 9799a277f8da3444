//! Diagnostics and the registry of checker rules.
//!
//! A [`Diagnostic`] is plain data: a [`Rule`], a message, the span it points at,
//! further labelled spans and a `help` line. Rendering (human or JSON) lives in
//! [`crate::render`].

use crate::source::Span;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The catalog is wrong; nothing is generated.
    Error,
    /// The catalog works but probably not as intended.
    Warning,
    /// Worth a look, and often fine: never fails `--check`, not even under
    /// `--deny warnings`, and a build script does not print it.
    Note,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $name:literal, $severity:ident, $summary:literal); )*) => {
        /// A checker rule: a stable kebab-case name, a stable code, a default
        /// severity and an explanation that `errgen explain` prints.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable code, e.g. `E0003`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// The stable kebab-case name, e.g. `duplicate-code`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The severity the rule reports with.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// One line saying what the rule catches.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// The long explanation: what it catches, why it matters, a wrong
            /// and a right example (Markdown).
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!("explain/", $name, ".md")),)*
                }
            }
        }
    };
}

rules! {
    /// The file does not parse.
    Syntax = ("E0001", "syntax", Error, "the file does not parse");
    /// The file is not UTF-8 text.
    Encoding = ("E0002", "encoding", Error, "the file is not UTF-8 text");
    /// Two entries share a code.
    DuplicateCode = ("E0003", "duplicate-code", Error, "two entries share a code (within the workspace)");
    /// Two entries share an identifier in some target's case.
    DuplicateName = ("E0004", "duplicate-name", Error, "two entries share an identifier, also after conversion to a target's case");
    /// A code does not match the catalog's formats or its group's prefix.
    MalformedCode = ("E0005", "malformed-code", Error, "a code does not match its catalog's format or its group's prefix, or holds a control character");
    /// The locales of one message disagree on placeholders.
    PlaceholderMismatch = ("E0006", "placeholder-mismatch", Error, "the locales of one message disagree on the set of placeholders");
    /// A message uses a placeholder no param declares.
    UndeclaredPlaceholder = ("E0007", "undeclared-placeholder", Error, "a message uses a placeholder that no param declares");
    /// A declared param is used by no message.
    UnusedParam = ("W0008", "unused-param", Warning, "a declared param appears in no message");
    /// An entry has no message in the default locale.
    MissingDefaultMessage = ("E0009", "missing-default-message", Error, "an entry has no message in the default locale");
    /// An entry lacks a message in a non-default locale.
    MissingTranslation = ("W0010", "missing-translation", Warning, "an entry lacks a message in a non-default locale");
    /// Two codes carry the same message.
    DuplicateMessage = ("W0011", "duplicate-message", Warning, "two codes carry the same message text");
    /// A code lies outside its group's range.
    CodeOutOfRange = ("E0012", "code-out-of-range", Error, "an entry's code lies outside its group's range");
    /// An entry takes a reserved code.
    ReservedCode = ("E0013", "reserved-code", Error, "an entry takes a reserved code");
    /// An entry has no message at all.
    EmptyEntry = ("W0014", "empty-entry", Warning, "an entry has no message at all: reserve the code instead");
    /// A text names a locale the catalog does not declare.
    UnknownLocale = ("E0015", "unknown-locale", Error, "a text names a locale the catalog does not declare");
    /// A value is out of its domain.
    InvalidValue = ("E0016", "invalid-value", Error, "a value is not one the property accepts");
    /// A property is set twice where it may be set once.
    DuplicateProperty = ("E0017", "duplicate-property", Error, "a property is set twice in one block");
    /// A catalog mixes integer and string codes.
    MixedCodeKinds = ("E0018", "mixed-code-kinds", Error, "a catalog mixes integer and string codes");
    /// Two catalogs of a workspace claim the same code prefix or name.
    DuplicatePrefix = ("E0019", "duplicate-prefix", Error, "two catalogs of the workspace claim the same code prefix");
    /// A message has a malformed placeholder.
    InvalidPlaceholder = ("E0020", "invalid-placeholder", Error, "a message has a malformed placeholder");
    /// An upstream pattern captures into a param the entry does not have.
    UnknownCapture = ("E0021", "unknown-capture", Error, "an upstream pattern captures a group that names no param");
    /// An entry has no usable identifier.
    MissingName = ("E0022", "missing-name", Error, "an entry has no name and its code cannot make one");
    /// A name refers to nothing.
    UnknownReference = ("E0023", "unknown-reference", Error, "a name refers to no entry, stage or group");
    /// The envelope is incomplete or inconsistent.
    InvalidEnvelope = ("E0024", "invalid-envelope", Error, "the envelope lacks a field its shape needs, or repeats a wire name");
    /// The project file `errgen.yaml` is wrong.
    Config = ("E0025", "config", Error, "the project file errgen.yaml is invalid");
    /// An error entry answers with a 2xx HTTP status.
    ErrorWithSuccessStatus = ("W0026", "error-with-success-status", Warning, "an error entry has a 2xx HTTP status, own or its group's");
    /// Two groups of a catalog claim the same codes.
    OverlappingRanges = ("W0027", "overlapping-ranges", Warning, "two groups of a catalog have overlapping ranges or prefixes, so a code could belong to both");
    /// An upstream mapping leaves a param of its entry without a value.
    UncapturedParam = ("W0028", "uncaptured-param", Warning, "an upstream mapping captures no value for a param of its entry");
    /// A message is written in a script its locale does not use.
    ScriptMismatch = ("W0029", "script-mismatch", Warning, "a message is written in a script its locale does not use (English in `zh`, Chinese in `en`)");
    /// A message holds placeholder syntax of another system.
    ForeignPlaceholder = ("W0030", "foreign-placeholder", Warning, "a message holds placeholder syntax of another system (`%s`, `${x}`, `{{x}}`, `xxx`) or a placeholder glued to a word");
    /// Two codes carry messages that differ only in punctuation, width, case or spacing.
    NearDuplicateMessage = ("N0031", "near-duplicate-message", Note, "two codes carry messages that differ only in punctuation, full/half width, case or spacing");
    /// A new version of a catalog breaks clients without a major version bump.
    VersionBump = ("W0032", "version-bump", Warning, "a catalog has breaking changes since its previous release (`errgen diff`, or the baseline of `errgen check`) but no major version bump, or its version goes down");
    /// A scanned source file refers to a code no catalog declares (`check --refs`).
    UndeclaredCode = ("W0033", "undeclared-code", Warning, "a source file refers to a code that has a catalog's shape but no catalog declares (`check --refs`)");
    /// A declared code no scanned source file uses (`check --refs`).
    UnusedCode = ("N0034", "unused-code", Note, "a declared code is used by no scanned source file (`check --refs`)");
    /// A type names no scalar and no record type of the catalog.
    UnknownType = ("E0040", "unknown-type", Error, "a type names neither a built-in type nor a record type the catalog declares");
    /// Two record types, or two fields of one, share a name.
    DuplicateType = ("E0041", "duplicate-type", Error, "two record types, or two fields of one record type, share a name (also after conversion to a target's case)");
    /// A structured or wire-only param where only text can go.
    StructuredPlaceholder = ("E0042", "structured-placeholder", Error, "a message placeholder names a structured (`any`, list, map, record) or `wire` param, or an entry with an upstream mapping has a structured param");
    /// A record type contains itself.
    RecursiveType = ("E0043", "recursive-type", Error, "a record type contains itself, directly or through other record types");
    /// A type that cannot be used where it is written.
    InvalidType = ("E0044", "invalid-type", Error, "a type is not allowed where it is written: a map key other than `string`, a record named like a built-in type, a type on an envelope role that takes none");
}

impl Rule {
    /// Finds a rule by its name (`duplicate-code`) or code (`E0003`), in any case.
    pub fn lookup(name_or_code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| {
            r.name().eq_ignore_ascii_case(name_or_code)
                || r.code().eq_ignore_ascii_case(name_or_code)
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A span with a short message shown under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub message: String,
}

/// How sure a [`Suggestion`] is, as rustc says it: whether a tool may apply
/// it without a person reading it (`errgen check --fix`, an editor's quick fix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicability {
    /// Certainly what was meant: `check --fix` applies it.
    MachineApplicable,
    /// Probably what was meant; a person should look first.
    MaybeIncorrect,
    /// The replacement holds a placeholder a person must fill in.
    HasPlaceholders,
}

impl Applicability {
    /// `"machine-applicable"`, `"maybe-incorrect"` or `"has-placeholders"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::MachineApplicable => "machine-applicable",
            Applicability::MaybeIncorrect => "maybe-incorrect",
            Applicability::HasPlaceholders => "has-placeholders",
        }
    }
}

/// A fix as data: replace the text of `span` with `replacement` (an empty
/// span inserts, an empty replacement deletes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the fix does, for people (`use the 8-digit code`).
    pub message: String,
    /// The text to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
    /// Whether a tool may apply it unattended.
    pub applicability: Applicability,
}

/// One finding about a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: Rule,
    /// Its severity (the rule's, unless raised by `--deny warnings`).
    pub severity: Severity,
    /// The headline.
    pub message: String,
    /// The main place; its message is shown under the underline.
    pub primary: Label,
    /// Related places (e.g. the first definition of a duplicate).
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
    /// Fixes as data, for `check --fix` and editors.
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`, with the rule's severity.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity(),
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// Sets the text under the primary span.
    pub fn label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a related span.
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds a fix as data: replace `span` with `replacement`.
    pub fn suggest(
        mut self,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Diagnostic {
        self.suggestions.push(Suggestion {
            message: message.into(),
            span,
            replacement: replacement.into(),
            applicability,
        });
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position, errors first at equal positions,
/// so output is stable whatever order the checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.primary.span.file,
            a.primary.span.start,
            a.severity,
            a.rule,
        )
            .cmp(&(
                b.primary.span.file,
                b.primary.span.start,
                b.severity,
                b.rule,
            ))
            .then_with(|| a.message.cmp(&b.message))
    });
}
