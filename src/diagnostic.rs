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
    /// An alias is already a code or an alias.
    DuplicateAlias = ("E0035", "duplicate-alias", Error, "an alias is its own entry's code, another entry's code or another alias (within the workspace)");
    /// An alias lies in a reserved range.
    ReservedAlias = ("E0036", "reserved-alias", Error, "an alias lies in a reserved range, set aside for codes to come");
    /// An alias is a code reserved on its own, usually a retired one.
    RetiredAlias = ("N0037", "retired-alias", Note, "an alias is a code reserved on its own (a retired code): check that the entry means what the code meant");
    /// An alias is gone, or now names another entry (`errgen diff`).
    AliasRemoved = ("W0038", "alias-removed", Warning, "an alias is gone or names another entry, so clients built from the new catalog no longer read that code as before (`errgen diff`)");
    /// An entry answers to a new alias (`errgen diff`).
    AliasAdded = ("N0039", "alias-added", Note, "an entry answers to a new alias (`errgen diff`)");
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
    /// An upstream mapping names a system the catalog does not declare.
    UnknownUpstream = ("E0045", "unknown-upstream", Error, "an upstream mapping names a system the catalog does not declare, or none when the catalog declares systems");
    /// A catalog has upstream mappings but declares no upstream system.
    UndeclaredUpstream = ("N0046", "undeclared-upstream", Note, "a catalog has upstream mappings but declares no upstream system, so a misspelt system name goes unnoticed");
    /// An upstream mapping matches on a field its system does not declare.
    UnknownUpstreamField = ("E0047", "unknown-upstream-field", Error, "an upstream mapping matches on a field its system does not declare");
    /// An upstream mapping has a condition on what its system's errors never carry.
    MissingUpstreamSource = ("E0048", "missing-upstream-source", Error, "an upstream mapping has an `http` or `grpc` condition, but its system's errors come without that");
    /// A JSON path of an upstream system is malformed.
    InvalidUpstreamPath = ("E0049", "invalid-upstream-path", Error, "a JSON path of an upstream system is malformed");
    // The changes `errgen diff` reports (see `Rule::change_category`):
    // warnings break deployed clients, notes do not.
    /// A code is gone and not reserved.
    CodeRemoved = ("W0050", "code-removed", Warning, "a code is gone and not reserved (`errgen diff`)");
    /// A code the old version reserved is used again.
    ReservedCodeReused = ("W0051", "reserved-code-reused", Warning, "a code the old version reserved is used again (`errgen diff`)");
    /// The same code has a new name: generated identifiers change.
    EntryRenamed = ("W0052", "entry-renamed", Warning, "a code has a new name, so generated identifiers change (`errgen diff`)");
    /// An error became a success or the other way round.
    KindChanged = ("W0053", "kind-changed", Warning, "an error became a success or the other way round (`errgen diff`)");
    /// The HTTP status of a code changed.
    HttpChanged = ("W0054", "http-changed", Warning, "the HTTP status of a code changed (`errgen diff`)");
    /// The gRPC code of a code changed.
    GrpcChanged = ("W0055", "grpc-changed", Warning, "the gRPC code of a code changed (`errgen diff`)");
    /// A code is no longer retryable.
    RetryableOff = ("W0056", "retryable-off", Warning, "a code is no longer retryable (`errgen diff`)");
    /// The stage a code reports changed.
    StageChanged = ("W0057", "stage-changed", Warning, "the stage a code reports changed (`errgen diff`)");
    /// A param is gone.
    ParamRemoved = ("W0058", "param-removed", Warning, "a param of a code is gone (`errgen diff`)");
    /// A param was added: old clients cannot fill it.
    ParamAdded = ("W0059", "param-added", Warning, "a param was added that old clients cannot fill (`errgen diff`)");
    /// A param has a new name.
    ParamRenamed = ("W0060", "param-renamed", Warning, "a param has a new name (`errgen diff`)");
    /// A param has a new type.
    ParamRetyped = ("W0061", "param-retyped", Warning, "a param has a new type (`errgen diff`)");
    /// A locale is gone from the catalog.
    LocaleRemoved = ("W0062", "locale-removed", Warning, "a locale is gone from the catalog (`errgen diff`)");
    /// The default locale changed.
    DefaultLocaleChanged = ("W0063", "default-locale-changed", Warning, "the default locale changed (`errgen diff`)");
    /// The envelope's shape or a field clients read changed.
    EnvelopeChanged = ("W0064", "envelope-changed", Warning, "the envelope's shape or a field clients read changed (`errgen diff`)");
    /// Codes became integers, or strings.
    CodeKindChanged = ("W0065", "code-kind-changed", Warning, "codes became integers, or strings (`errgen diff`)");
    /// A new code.
    CodeAdded = ("N0066", "code-added", Note, "a new code (`errgen diff`)");
    /// A code is gone but reserved, so it cannot come back with a new meaning.
    CodeRetired = ("N0067", "code-retired", Note, "a code is gone and reserved, so it cannot come back with a new meaning (`errgen diff`)");
    /// A code or range was reserved.
    CodeReserved = ("N0068", "code-reserved", Note, "a code or a range of codes was reserved (`errgen diff`)");
    /// A code became retryable.
    RetryableOn = ("N0069", "retryable-on", Note, "a code became retryable (`errgen diff`)");
    /// A message's text changed, with the same params.
    MessageReworded = ("N0070", "message-reworded", Note, "a message's text changed, with the same params (`errgen diff`)");
    /// A message in a new locale.
    MessageAdded = ("N0071", "message-added", Note, "a code has a message in a new locale (`errgen diff`)");
    /// A message in one locale is gone (clients fall back to the default).
    MessageRemoved = ("N0072", "message-removed", Note, "a code's message in one locale is gone; clients fall back to the default (`errgen diff`)");
    /// Description, causes, remedies, docs or meta changed.
    DocsChanged = ("N0073", "docs-changed", Note, "a code's description, causes, remedies, docs or meta changed (`errgen diff`)");
    /// A code was deprecated (or is no longer).
    DeprecationChanged = ("N0074", "deprecation-changed", Note, "a code was deprecated, or is no longer (`errgen diff`)");
    /// A locale was added.
    LocaleAdded = ("N0075", "locale-added", Note, "a locale was added (`errgen diff`)");
    /// An optional envelope field was added.
    EnvelopeFieldAdded = ("N0076", "envelope-field-added", Note, "an optional envelope field was added (`errgen diff`)");
    /// A code format was added or removed.
    FormatChanged = ("N0077", "format-changed", Note, "a code format was added or removed (`errgen diff`)");
    /// What `errgen import` could not map, or inferred.
    Import = ("W0078", "import", Warning, "`errgen import` could not map part of the document as it is, or notes what it inferred");
    /// A code is gone and is now an alias of another entry, its replacement (`errgen diff`).
    CodeAliased = ("N0079", "code-aliased", Note, "a code is gone from its entry and is now an alias of another entry, its replacement, which clients read it as (`errgen diff`)");
    /// Two envelopes of one catalog share a name.
    DuplicateEnvelope = ("E0080", "duplicate-envelope", Error, "two envelopes of a catalog have one name");
    /// `envelopes` names an envelope the catalog does not declare.
    UnknownEnvelope = ("E0081", "unknown-envelope", Error, "`envelopes` names an envelope the catalog does not declare");
    /// An entry is sent in an envelope that cannot carry what it sends.
    EnvelopeCannotHold = ("E0082", "envelope-cannot-hold", Error, "an entry is sent in an envelope that cannot carry it: a success shape, or one without a member for its params");
    /// A declared envelope no entry is sent in.
    UnusedEnvelope = ("W0083", "unused-envelope", Warning, "an envelope that is not a success shape is used by no entry");
    /// An entry is no longer sent in an envelope, or an envelope changed incompatibly (`errgen diff`).
    EnvelopeDropped = ("W0084", "envelope-dropped", Warning, "an entry is no longer sent in an envelope it was sent in, or a named envelope changed in a way clients notice (`errgen diff`)");
    /// A new envelope (`errgen diff`).
    EnvelopeAdded = ("N0085", "envelope-added", Note, "a catalog declares a new envelope (`errgen diff`)");
    /// An entry's params are in another order (`errgen diff`).
    ParamReordered = ("W0086", "param-reordered", Warning, "an entry's params are in another order, and so are the generated Rust constructor's arguments (`errgen diff`)");
    /// A reservation dropped or narrowed (`errgen diff`).
    ReservedRemoved = ("W0087", "reserved-removed", Warning, "a reserved code or range is no longer reserved, so a later version may give its codes a new meaning (`errgen diff`)");
    /// The catalog has another name (`errgen diff`).
    CatalogRenamed = ("W0088", "catalog-renamed", Warning, "the catalog has another name, which every generated type, function and file is named after (`errgen diff`)");
    /// An envelope renamed, or another envelope declared first (`errgen diff`).
    EnvelopeRenamed = ("W0089", "envelope-renamed", Warning, "an envelope has another name, or another envelope is declared first: the generated types and schemas named after it change (`errgen diff`)");
    /// An entry is sent for other upstream errors than before (`errgen diff`).
    UpstreamChanged = ("N0090", "upstream-changed", Note, "an entry is recognised in other errors of an upstream system than before, so the server sends it for other failures (`errgen diff`)");
    /// A catalog of a workspace is gone (`errgen diff` of two folders).
    CatalogRemoved = ("W0091", "catalog-removed", Warning, "a catalog of the old workspace is in none of the new one's files (`errgen diff` of two folders)");
    /// A new catalog in a workspace (`errgen diff` of two folders).
    CatalogAdded = ("N0092", "catalog-added", Note, "a catalog of the new workspace is in none of the old one's files (`errgen diff` of two folders)");
    /// A code moved to another catalog of a workspace (`errgen diff` of two folders).
    CodeMoved = ("W0093", "code-moved", Warning, "a code moved to another catalog of the workspace, so the generated code names it in another module (`errgen diff` of two folders)");
}

/// What a change between two versions of a catalog concerns, as buf's
/// breaking-change categories do: `errgen diff --breaking wire` fails only
/// on the breaking changes of that category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// What a deployed client receives and reads: codes, statuses, the
    /// envelope, params, locales.
    Wire,
    /// What code generated from the old catalog calls or relies on: names,
    /// whether a code is retryable, the code formats.
    Code,
    /// What people read: messages, descriptions, causes, remedies,
    /// deprecations.
    Docs,
}

impl Category {
    /// Every category.
    pub const ALL: &'static [Category] = &[Category::Wire, Category::Code, Category::Docs];

    /// `"wire"`, `"code"` or `"docs"`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Wire => "wire",
            Category::Code => "code",
            Category::Docs => "docs",
        }
    }
}

impl Rule {
    /// The category of a change `errgen diff` reports; `None` for the
    /// rules of a catalog (`check`) and of `import`.
    pub fn change_category(self) -> Option<Category> {
        use Rule::*;
        Some(match self {
            CodeRemoved | ReservedCodeReused | KindChanged | HttpChanged | GrpcChanged
            | StageChanged | ParamRemoved | ParamAdded | ParamRenamed | ParamRetyped
            | LocaleRemoved | DefaultLocaleChanged | EnvelopeChanged | CodeKindChanged
            | CodeAdded | CodeRetired | CodeReserved | LocaleAdded | EnvelopeFieldAdded
            | CodeAliased | AliasAdded | AliasRemoved | EnvelopeDropped | EnvelopeAdded
            | ReservedRemoved | UpstreamChanged | CatalogRemoved | CatalogAdded => Category::Wire,
            EntryRenamed | RetryableOff | RetryableOn | FormatChanged | ParamReordered
            | CatalogRenamed | EnvelopeRenamed | CodeMoved => Category::Code,
            MessageReworded | MessageAdded | MessageRemoved | DocsChanged | DeprecationChanged => {
                Category::Docs
            }
            _ => return None,
        })
    }

    /// Whether it is a change that can break deployed clients (a change
    /// rule reporting warnings).
    pub fn is_breaking(self) -> bool {
        self.change_category().is_some() && self.severity() == Severity::Warning
    }

    /// Whether `check` reports it on a catalog, so that `check.allow` of
    /// errgen.yaml may name it: not the changes of `diff`, nor `import`'s.
    pub fn is_catalog_rule(self) -> bool {
        self.change_category().is_none() && self != Rule::Import
    }

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
    /// A did-you-mean pick's applicability: machine-applicable when it is
    /// certain (no other candidate as near, `crate::suggest::nearest`),
    /// else maybe incorrect.
    pub fn of_pick(certain: bool) -> Applicability {
        if certain {
            Applicability::MachineApplicable
        } else {
            Applicability::MaybeIncorrect
        }
    }

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

    /// Helps with the candidate nearest to `word` (a likely typo, by
    /// [`crate::suggest::nearest`]): "did you mean `X`?" and a fix that
    /// replaces `span` with it, machine-applicable when no other candidate
    /// is as near ([`Applicability::of_pick`]). Without a near candidate the
    /// help is `otherwise()`. The one way a did-you-mean is written.
    pub(crate) fn did_you_mean<'a, I>(
        self,
        span: Span,
        word: &str,
        candidates: I,
        otherwise: impl FnOnce() -> String,
    ) -> Diagnostic
    where
        I: IntoIterator<Item = &'a str> + Clone,
    {
        match crate::suggest::nearest(word, candidates) {
            // One sentence for the help and the fix, so that a rendering
            // shows it once, above the patched line.
            Some((near, certain)) => {
                let help = format!("did you mean `{near}`?");
                self.help(help.clone())
                    .suggest(help, span, near, Applicability::of_pick(certain))
            }
            None => self.help(otherwise()),
        }
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
