//! `errgen import`: turns the error tables of a Markdown or wiki page into a
//! catalog, printed in canonical form (as `errgen fmt` prints it).
//!
//! The importer maps what it can and says on the side (as diagnostics of the
//! rule `import`, W0078) what it could not. It never drops a code: every row of every table it finds ends
//! up as an entry or as a `reserved` code. It does not judge the catalog: it
//! declares what the majority of the table says (code formats, group
//! prefixes, placeholders) so that `errgen check` on the result lists the
//! rows that disagree.
//!
//! # Document
//!
//! pulldown-cmark reads the page's blocks: headings (ATX and setext), code
//! blocks (fenced and indented, in quotes too), list items, paragraphs. The
//! text of every cell, heading and list item is what its inline Markdown
//! renders to ([`decode_inline`]): entities decoded, emphasis markers and
//! links taken off (a link is its text), `<br>` a line break, other HTML
//! elements taken off but a tag that names none (`<bucket>`, a placeholder)
//! or an element's tag a cell never closes (`the <code> is unknown`) kept,
//! code spans kept (a code cell takes them off).
//!
//! # Tables
//!
//! A table is a run of lines holding `|` (outside code blocks and headings;
//! a leading `>` of a quote is ignored) whose first row is a header naming a
//! code column. The rows are split here, not by pulldown-cmark, so that a
//! table that is no GFM table still imports: outer pipes are optional, the
//! `|---|` delimiter row is optional, a row may have more or fewer cells than
//! the header, `\|` is a literal pipe. A header is a row
//! with a code column and either a second known column or a delimiter row
//! below it. Inside a table, a row that reads as a header again starts a new
//! column mapping (headers repeated between sections); delimiter rows are
//! skipped. Each table is mapped by its own header, so one page may hold
//! tables with different columns. A run of pipe rows without a code column
//! (a table of fields, say) is skipped with a warning.
//!
//! # Outside the tables
//!
//! A list whose items read `CODE: text` (or `CODE - text`; at least two such
//! items in one outermost list, a code being `UPPER_SNAKE`, three or more
//! digits, or what the tables' code formats accept) adds the codes that no
//! table has, with the text as their message; a JSON body (in a code block
//! or in the text) whose code key (`code`, `error_code`, `errCode`, …) holds
//! a code that no table or list has adds it too, with the body's message
//! (`message`, `msg`, `brief`, …) unless that is a stand-in such as `xxx`
//! (stand-in codes such as `STRING_CODE` are skipped). Each such code comes
//! with a warning naming where it was found; example codes are read only
//! when the page has a table or list of codes. A page that yields no entry
//! gets a warning and a note per section saying what it holds.
//!
//! # Columns
//!
//! Headers are matched case-, space- and punctuation-insensitively, whole or
//! by their parts around `/` and brackets and between scripts (`错误码
//! Code`): code (`code`, `错误码`, `errCode`,
//! …), HTTP status (`HTTP status`, `状态码`), gRPC code, retryable, message
//! (`message`, `错误信息`, `简述`), description (`description`, `描述`,
//! `中文描述`, `错误码描述`, `备注`, `说明`), remedy (`remedy`, `处理措施`,
//! `修复建议`, `解决方案`, `Solution`), cause (`cause`, `常见原因`) and detail
//! (`详述`). A header no synonym names is read by its parts, the first role
//! that fits in the order remedy, cause, retryable, detail, message,
//! description, gRPC, HTTP, code: `错误码信息` is a message, `处理建议` a
//! remedy, `Chinese description` a description (a row is taken for a header
//! on synonyms alone, since body cells can hold such words). A header that
//! names a language (`英文描述`, `Message (EN)`, `中文`) sets the column's
//! locale; naming only a language, it is that language's messages.
//! [`Options::columns`] (`--column "HEADER=ROLE[:LOCALE]"`) maps a column by
//! hand, over all of this. A second code column, the detail column and any
//! unknown column are kept per entry as `meta KEY "…"` (the key is the header
//! in snake_case, or `column_N`), with a warning for unknown ones that names
//! the column and the `--column` that maps it.
//!
//! # Locales
//!
//! A text column's locale comes from a `--column` mapping, else from its
//! header when it names a language, else from its cells
//! ([`crate::script::script_locale`]): a cell mostly in CJK characters is
//! `ko` with Hangul, `ja` with kana, else `zh`; one mostly in other letters
//! `en` (cells without letters do not vote). The column takes the majority of its
//! cells (ties: the first seen); a cell whose script disagrees (as
//! [`crate::script::mismatch`] judges, the rule `script-mismatch` of `check`) keeps the
//! column's locale, with a warning, so that one English cell in a Chinese
//! column does not leave its entry without a default message.
//!
//! A description column whose locale no message column of the table has is
//! the message in that locale (seed tables put the translation there); other
//! description columns are descriptions. The catalog's `locales` are, in
//! order: the locales of message columns, then of promoted description
//! columns, then of other texts; [`Options::locale_order`]
//! (`--locale-order`) replaces that order (any locale found in the tables
//! that it leaves out is appended, with a warning).
//!
//! # Rows
//!
//! A cell holding only `-`, `—`, `/`, `N/A`, `none`, `null`, `无` or `暂无`
//! is blank, and so is a text cell that repeats the row's code. A row whose
//! cells other than the code are all blank becomes `reserved CODE "blank in
//! the imported table"`. A row whose message cell repeats the code (k12's
//! `| 100100 | 100100 | 预留,… |`) or reads `预留`, `保留` or `reserved` becomes a
//! reserved code whose reason is the rest of the row. A row whose message is
//! `success`, `ok`, `成功` or `操作成功` is a `success` entry. A row without a
//! code, or whose code cell holds spaces, is skipped with a warning; a code
//! cell that lists codes of one kind (`ORD_001<br>ORD_002`, `1001, 1002`)
//! gives each of them an entry with the row's text, and a note. An HTTP
//! cell may follow its status with the reason phrase (`404 Not Found`); a
//! gRPC cell may give the code's number, its name in any case (`NotFound`)
//! or both (`5 (NOT_FOUND)`).
//!
//! # Codes and names
//!
//! Codes are integers when every code is decimal digits without a leading
//! zero, strings otherwise. A string code names its entry (as in the
//! language); an integer code, or a string code whose name would clash or
//! is no identifier, gets a name from the first six words of its English
//! message (`Json key not found` → `json_key_not_found`), else
//! `code_<code>`; clashes in any case a target uses get `_2`, `_3`, ….
//!
//! # Code formats
//!
//! Every code (reserved ones too) proposes candidate formats: digits only →
//! `{digits:N}`; a code ending in digits → its literal prefix and
//! `{digits:N}` (`OptVerse_{digits:8}`; with three or more trailing digits
//! that is its only candidate); UPPER_SNAKE → `{upper}`; lowercase words
//! between separators → `{lower}_{lower}_{lower}`. Greedily, the candidate
//! that fits the most codes not yet fitted (ties: the more literal text)
//! becomes a `format` as long as it fits at least 15% of all codes (and at
//! least two). If more than 15% of the codes are then still unfitted, a
//! second round offers the looser `{upper}`, `{alnum}` and `{digits}`. A
//! chosen lowercase format whose first words are at most four short tokens
//! lists them: `{b|p|s}_{lower}_{lower}`. So a family that is a small
//! minority (seed 004's four ten-digit `OptVerse_` codes) gets no format, and
//! `errgen check` reports its codes as `malformed-code`.
//!
//! # Groups
//!
//! The nearest heading above a table, a list item or an example (other than
//! the page's title, the first level-1 heading, `#` or setext `===`, which
//! titles the catalog) makes a group; codes under one heading share it. A heading naming a code pattern such as `（CONFIG_*）`
//! declares the group's `prefix "CONFIG_"` and names it (`config`); otherwise
//! the name is the heading's ASCII words in snake_case without numbering
//! (`1.`, `一、`; a number glued to a word, `4xx`, is no numbering, and a
//! name starting with a digit is prefixed `group_`), or `group_N`. The title
//! is the heading as written.
//!
//! # Placeholders
//!
//! In messages, `{0}` and `{name}` are kept; `${Name}` and `{{name}}` become
//! `{name}` (snake_case); `%s`, `%d`, `%f`, `%1$s` and `{}` become positional
//! `{0}`, `{1}`, … in order of appearance; any other brace is doubled so that
//! it reads as itself. Every placeholder of any locale is declared (`param 0:
//! string`, `param role: string`; `%d` is `int`, `%f` `float`), so checks
//! still compare the locales. When a message had to change, its text as
//! written is kept as `meta original.<locale> "…"`.
//!
//! # Envelope
//!
//! When the page mentions `subErrCode`-like words, the envelope is
//! `two_level` over them; otherwise the first JSON key named like a code
//! (`"code"`, `"error_code"`, …) with the first named like a message
//! (`"message"`, `"error_msg"`, `"brief"`) and a `"detail"` make a flat
//! envelope.

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::hash::FastSet;
use crate::ir::names::{is_identifier, Names};
use crate::ir::{status_phrases, CodeFormat, GrpcCode};
use crate::parse::{encode_plain, parse};
use crate::script::script_locale;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use heck::ToSnakeCase;
use markdown::{outline, Line, Outline};
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

mod markdown;
mod prose;
#[doc(hidden)]
pub use markdown::decode_inline;

/// How to import a document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The catalog's name; without it, the file name in snake_case (or
    /// `imported` when that is no identifier).
    pub name: Option<String>,
    /// The catalog's locales in order, the first the default; without it,
    /// the order inferred from the tables.
    pub locale_order: Vec<String>,
    /// Columns mapped by hand (`--column "HEADER=ROLE[:LOCALE]"`), over what
    /// their headers say.
    pub columns: Vec<ColumnMapping>,
}

/// A column mapped by hand: `--column "错误码信息=message:en"` puts the cells
/// of every column headed `错误码信息` (matched as headers are: case, space
/// and punctuation aside) into the English messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    header: String,
    kind: Kind,
    locale: Option<String>,
}

/// The roles a column can be mapped to, and what each makes of its cells.
const ROLES: [(&str, Kind); 9] = [
    ("code", Kind::Code),
    ("message", Kind::Message),
    ("description", Kind::Description),
    ("cause", Kind::Cause),
    ("remedy", Kind::Remedy),
    ("http", Kind::Http),
    ("grpc", Kind::Grpc),
    ("retryable", Kind::Retryable),
    ("meta", Kind::Detail),
];

impl ColumnMapping {
    /// Reads `HEADER=ROLE[:LOCALE]`; the roles are `code`, `message`,
    /// `description`, `cause`, `remedy`, `http`, `grpc`, `retryable` and
    /// `meta` (kept as `meta KEY`, without a warning).
    pub fn parse(spec: &str) -> Result<ColumnMapping, ImportError> {
        let invalid = |why: String| ImportError::InvalidColumn(format!("`{spec}`: {why}"));
        let Some((header, role)) = spec.rsplit_once('=') else {
            return Err(invalid(
                "write `HEADER=ROLE` or `HEADER=ROLE:LOCALE`".into(),
            ));
        };
        if normalize_header(header).is_empty() {
            return Err(invalid("the header is empty".into()));
        }
        let (role, locale) = match role.split_once(':') {
            Some((role, locale)) => (role, Some(locale.trim())),
            None => (role, None),
        };
        let role = role.trim().to_lowercase();
        let Some(&(_, kind)) = ROLES.iter().find(|(name, _)| *name == role) else {
            return Err(invalid(format!(
                "`{role}` is not a role; the roles are {}",
                ROLES.map(|(name, _)| name).join(", ")
            )));
        };
        if let Some(locale) = locale.filter(|l| !is_locale(l)) {
            return Err(invalid(format!(
                "`{locale}` is not a locale: write e.g. `en`, `zh`, `zh-Hans`"
            )));
        }
        Ok(ColumnMapping {
            header: header.trim().to_owned(),
            kind,
            locale: locale.map(str::to_owned),
        })
    }
}

/// How much a [`Note`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Something in the document could not be mapped as it is.
    Warning,
    /// What the importer inferred, for the record.
    Note,
}

/// A remark about the import while it runs; [`import`] hands them out as
/// [`Diagnostic`]s of the rule `import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// Warning or note.
    level: Level,
    /// The 1-based line of the document it is about, if any.
    line: Option<usize>,
    /// What happened.
    message: String,
}

/// The label of a finding about one line of the document; one about the
/// whole document has none (and an empty span at its start).
const ON_LINE: &str = "here";

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The catalog, in canonical form.
    pub text: String,
    /// What could not be mapped (warnings) and what was inferred (notes),
    /// as diagnostics of the rule `import` pointing into `document`.
    pub notes: Vec<Diagnostic>,
    /// The document as read (line endings made `\n`), the one file the
    /// findings point into.
    pub document: SourceMap,
}

impl Imported {
    /// One finding in one line, for a list of many:
    /// `warning: FILE:LINE: message` (no line for one about the whole
    /// document).
    pub fn short(&self, finding: &Diagnostic, file: &str) -> String {
        let severity = finding.severity.as_str();
        if finding.primary.message.is_empty() {
            return format!("{severity}: {file}: {}", finding.message);
        }
        let (line, _) = self
            .document
            .get(finding.primary.span.file)
            .line_col(finding.primary.span.start);
        format!("{severity}: {file}:{line}: {}", finding.message)
    }
}

/// The findings of an import as diagnostics on the lines of `text`
/// (the document, `FileId(0)` of `document`).
fn findings(document: &SourceMap, notes: Vec<Note>) -> Vec<Diagnostic> {
    let source = document.get(FileId(0));
    let starts: Vec<usize> = std::iter::once(0)
        .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    notes
        .into_iter()
        .map(|n| {
            let line = n.line.and_then(|l| starts.get(l.checked_sub(1)?).copied());
            let mut d = match line {
                Some(start) => {
                    let end = source.text[start..]
                        .find('\n')
                        .map_or(source.text.len(), |i| start + i);
                    Diagnostic::new(Rule::Import, Span::new(FileId(0), start, end), n.message)
                        .label(ON_LINE)
                }
                None => Diagnostic::new(Rule::Import, Span::new(FileId(0), 0, 0), n.message),
            };
            if n.level == Level::Note {
                d.severity = Severity::Note;
            }
            d
        })
        .collect()
}

/// Why an import could not run at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// `--name` is not an identifier.
    InvalidName(String),
    /// A locale of `--locale-order` is not a locale.
    InvalidLocale(String),
    /// A `--column` mapping is malformed (the message says how).
    InvalidColumn(String),
    /// A `--column` mapping names a header no table has.
    UnknownColumn {
        /// The header as given.
        header: String,
        /// The headers of the document's tables.
        known: Vec<String>,
    },
    /// The importer produced text that does not parse (a bug in errgen).
    Internal(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::InvalidName(n) => write!(
                f,
                "`{n}` is not a catalog name: use ASCII letters, digits and `_`, not starting with a digit"
            ),
            ImportError::InvalidLocale(l) => {
                write!(f, "`{l}` is not a locale: write e.g. `en`, `zh`, `zh-Hans`")
            }
            ImportError::InvalidColumn(m) => write!(f, "--column {m}"),
            ImportError::UnknownColumn { header, known } => {
                let known: Vec<String> = known.iter().map(|h| format!("`{h}`")).collect();
                write!(
                    f,
                    "--column `{header}`: no table has a column headed so; the headers are {}",
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                )
            }
            ImportError::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports the document `bytes`, read from `file_name` (used for the
/// catalog's default name and the provenance comment only).
pub fn import(file_name: &str, bytes: &[u8], options: &Options) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let name = catalog_name(file_name, options.name.as_deref())?;
    for locale in &options.locale_order {
        if !is_locale(locale) {
            return Err(ImportError::InvalidLocale(locale.clone()));
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(e) => {
            notes.push(warning(
                None,
                format!(
                    "the document is not UTF-8 (byte {} is not); undecodable bytes were replaced with U+FFFD",
                    e.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let display = std::path::Path::new(file_name).file_name().map_or_else(
        || file_name.to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let catalog = Importer::new(&text, &mut notes).run(&name, &display, options)?;
    // Warnings before notes, each in the order of the document.
    notes.sort_by_key(|n| (n.level == Level::Note, n.line.unwrap_or(0)));
    let file = parse(FileId(0), &catalog).map_err(|d| {
        ImportError::Internal(format!(
            "the imported catalog does not parse ({}); please report this with the document",
            d.message
        ))
    })?;
    let mut document = SourceMap::new();
    document.add(SourceFile::new(file_name, None, text));
    Ok(Imported {
        text: crate::fmt::format(&file, &catalog),
        notes: findings(&document, notes),
        document,
    })
}

fn warning(line: Option<usize>, message: String) -> Note {
    Note {
        level: Level::Warning,
        line,
        message,
    }
}

fn note(line: Option<usize>, message: String) -> Note {
    Note {
        level: Level::Note,
        line,
        message,
    }
}

fn catalog_name(file_name: &str, given: Option<&str>) -> Result<String, ImportError> {
    if let Some(name) = given {
        return if is_identifier(name) {
            Ok(name.to_owned())
        } else {
            Err(ImportError::InvalidName(name.to_owned()))
        };
    }
    if file_name == "-" || file_name.starts_with('<') {
        return Ok("imported".to_owned());
    }
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_snake_case())
        .unwrap_or_default();
    Ok(if is_identifier(&stem) {
        stem
    } else {
        "imported".to_owned()
    })
}

fn is_locale(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

// ------------------------------------------------------------ scanning

/// What a column holds, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Http,
    Grpc,
    Retryable,
    Message,
    Description,
    Detail,
    Cause,
    Remedy,
    Other,
}

const SYNONYMS: &[(Kind, &[&str])] = &[
    (
        Kind::Code,
        &[
            "code",
            "codes",
            "errorcode",
            "errcode",
            "errno",
            "errorno",
            "retcode",
            "returncode",
            "resultcode",
            "suberrcode",
            "错误码",
            "错误代码",
            "错误编码",
            "错误编号",
            "返回码",
            "代码",
            "编码",
            "码值",
            "エラーコード",
            "오류코드",
            "에러코드",
            "코드",
        ],
    ),
    (
        Kind::Http,
        &[
            "http",
            "httpstatus",
            "httpstatuscode",
            "httpcode",
            "status",
            "statuscode",
            "状态码",
            "http状态码",
            "响应码",
            "상태코드",
        ],
    ),
    (
        Kind::Grpc,
        &["grpc", "grpccode", "grpcstatus", "grpcstatuscode"],
    ),
    (
        Kind::Retryable,
        &[
            "retryable",
            "retriable",
            "retry",
            "可重试",
            "是否可重试",
            "重试",
        ],
    ),
    (
        Kind::Message,
        &[
            "message",
            "msg",
            "errormessage",
            "errmsg",
            "errormsg",
            "errmessage",
            "brief",
            "summary",
            "text",
            "错误信息",
            "简述",
            "信息",
            "错误消息",
            "消息",
            "提示",
            "提示信息",
            "错误提示",
            "报错信息",
            "메시지",
            "오류메시지",
            "エラーメッセージ",
            "メッセージ",
        ],
    ),
    (
        Kind::Description,
        &[
            "description",
            "desc",
            "meaning",
            "explanation",
            "remark",
            "remarks",
            "note",
            "notes",
            "comment",
            "描述",
            "中文描述",
            "英文描述",
            "错误码描述",
            "错误描述",
            "备注",
            "说明",
            "含义",
            "설명",
            "説明",
        ],
    ),
    (
        Kind::Detail,
        &["detail", "details", "详述", "详情", "详细信息"],
    ),
    (
        Kind::Cause,
        &[
            "cause",
            "causes",
            "reason",
            "reasons",
            "possiblecause",
            "possiblecauses",
            "commoncause",
            "commoncauses",
            "常见原因",
            "原因",
            "可能原因",
            "错误原因",
            "원인",
        ],
    ),
    (
        Kind::Remedy,
        &[
            "remedy",
            "remedies",
            "solution",
            "solutions",
            "fix",
            "suggestion",
            "suggestions",
            "action",
            "actions",
            "resolution",
            "howtofix",
            "处理措施",
            "修复建议",
            "解决方案",
            "解决办法",
            "处理建议",
            "处理方法",
            "建议",
            "해결방법",
            "조치",
            "対処方法",
        ],
    ),
];

fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | ':' | '：' | '*' | '`' | '#' | '"' | '\'' | '?' | '？'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a header names: as the user mapped it, else a synonym (whole or a
/// part around `/` and brackets). Whether a row is a header is decided on
/// these alone; the columns of a header are then read by their words too
/// ([`header_words_kind`]), which a body row's cells could match.
fn header_kind(cell: &str, mappings: &[ColumnMapping]) -> Kind {
    if let Some(m) = mapping_of(cell, mappings) {
        return m.kind;
    }
    let lookup = |s: &str| {
        let n = normalize_header(s);
        SYNONYMS
            .iter()
            .find(|(_, words)| words.contains(&n.as_str()))
            .map(|(k, _)| *k)
    };
    if let Some(k) = lookup(cell) {
        return k;
    }
    cell.split(['/', '(', ')', '（', '）', '[', ']', '、', ',', '，'])
        .flat_map(script_parts)
        .find_map(lookup)
        .unwrap_or(Kind::Other)
}

/// `s` cut where its letters change between ASCII and other scripts
/// (`错误码 Code` → `错误码 `, `Code`): a header that gives its name in two
/// languages is read by each.
fn script_parts(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut ascii: Option<bool> = None;
    for (i, c) in s.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
        if ascii.is_some_and(|a| a != c.is_ascii()) {
            parts.push(&s[start..i]);
            start = i;
        }
        ascii = Some(c.is_ascii());
    }
    parts.push(&s[start..]);
    parts
}

/// The mapping of the column headed `cell`, if the user gave one.
fn mapping_of<'m>(cell: &str, mappings: &'m [ColumnMapping]) -> Option<&'m ColumnMapping> {
    let n = normalize_header(cell);
    mappings.iter().find(|m| normalize_header(&m.header) == n)
}

/// What a header no synonym names says by its words, the first that fits
/// of (so that `错误码信息` is a message, not a code, and `处理建议` a
/// remedy):
const HEADER_WORDS: &[(Kind, &[&str], &[&str])] = &[
    // (kind, Chinese parts, English words or their starts)
    (
        Kind::Remedy,
        &[
            "解决", "处理", "措施", "建议", "修复", "对策", "应对", "排查",
        ],
        &[
            "solution",
            "remed",
            "fix",
            "suggest",
            "action",
            "resolution",
            "workaround",
            "mitigation",
        ],
    ),
    (Kind::Cause, &["原因"], &["cause", "reason"]),
    (Kind::Retryable, &["重试"], &["retr"]),
    (Kind::Detail, &["详述", "详情", "详细"], &["detail"]),
    (
        Kind::Message,
        &["信息", "消息", "提示", "简述", "文案", "报错"],
        &["message", "msg", "text", "summary", "brief", "title"],
    ),
    (
        Kind::Description,
        &["描述", "说明", "含义", "备注", "解释", "注释"],
        &[
            "description",
            "desc",
            "explanation",
            "meaning",
            "remark",
            "note",
            "comment",
        ],
    ),
    (Kind::Grpc, &[], &["grpc"]),
    (Kind::Http, &["状态码", "响应码"], &["http", "status"]),
    (
        Kind::Code,
        &["错误码", "返回码", "代码", "编码", "编号", "码值"],
        &["code", "errno"],
    ),
];

/// Languages a header may name, by Chinese part and English word.
const HEADER_LANGUAGES: &[(&str, &[&str], &[&str])] = &[
    ("en", &["英文", "英语"], &["en", "english"]),
    (
        "zh",
        &["中文", "汉语", "简体", "繁体"],
        &["zh", "cn", "chinese"],
    ),
    ("ja", &["日文", "日语"], &["ja", "jp", "japanese"]),
    ("ko", &["韩文", "韩语"], &["ko", "kr", "korean"]),
];

/// A header's ASCII words, lowercase (`errorMessage (EN)` → `error`,
/// `message`, `en`), and its text without them, when it reads as a header:
/// short, and no sentence.
fn header_parts(cell: &str) -> Option<(Vec<String>, String)> {
    let cell = cell.trim();
    if cell.chars().count() > 32 || cell.ends_with(['.', '。', '!', '！']) {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut rest = String::new();
    let mut prev_lower = false;
    for c in cell.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            word.push(c.to_ascii_lowercase());
        } else {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            prev_lower = false;
            if !c.is_whitespace() && !c.is_ascii_punctuation() {
                rest.push(c);
            }
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    (words.len() <= 5).then_some((words, rest))
}

/// What a header says by its words ([`HEADER_WORDS`]); a header naming only
/// a language (`英文`, `English`) is that language's messages.
fn header_words_kind(cell: &str) -> Option<Kind> {
    let (words, rest) = header_parts(cell)?;
    let says = |parts: &[&str], starts: &[&str]| {
        parts.iter().any(|p| rest.contains(p))
            || words
                .iter()
                .any(|w| starts.iter().any(|s| w.starts_with(s)))
    };
    HEADER_WORDS
        .iter()
        .find(|(_, parts, starts)| says(parts, starts))
        .map(|(kind, ..)| *kind)
        .or_else(|| header_locale(cell).map(|_| Kind::Message))
}

/// The language a header names (`英文描述`, `Message (EN)`), if any.
fn header_locale(cell: &str) -> Option<&'static str> {
    let (words, rest) = header_parts(cell)?;
    HEADER_LANGUAGES
        .iter()
        .find(|(_, parts, names)| {
            parts.iter().any(|p| rest.contains(p))
                || words.iter().any(|w| names.contains(&w.as_str()))
        })
        .map(|(locale, ..)| *locale)
}

/// The header's cells as they render, their kinds and the code column, if
/// the row is a header.
fn header_of(
    cells: &[String],
    next_is_delimiter: bool,
    mappings: &[ColumnMapping],
) -> Option<(Vec<String>, Vec<Kind>, usize)> {
    let cells: Vec<String> = cells.iter().map(|c| decode_inline(c)).collect();
    let mut kinds: Vec<Kind> = cells.iter().map(|c| header_kind(c, mappings)).collect();
    let code = kinds.iter().position(|k| *k == Kind::Code)?;
    let known = kinds.iter().filter(|k| **k != Kind::Other).count();
    let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
    if !(next_is_delimiter || (known >= 2 && known * 2 >= filled)) {
        return None;
    }
    for (kind, cell) in kinds.iter_mut().zip(&cells) {
        if *kind == Kind::Other {
            *kind = header_words_kind(cell).unwrap_or(Kind::Other);
        }
    }
    Some((cells, kinds, code))
}

/// Removes the `>` markers of a block quote.
fn strip_quote(line: &str) -> &str {
    let mut s = line.trim_start();
    while let Some(rest) = s.strip_prefix('>') {
        s = rest.trim_start();
    }
    s
}

/// Splits a table row into cells, or `None` when the line holds no `|`.
fn split_row(t: &str) -> Option<Vec<String>> {
    let bytes = t.as_bytes();
    let unescaped = |i: usize| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\');
    if !(0..bytes.len()).any(unescaped) {
        return None;
    }
    let mut start = 0;
    let mut end = bytes.len();
    if t.starts_with('|') {
        start = 1;
    }
    if end > start && unescaped(end - 1) {
        end -= 1;
    }
    let mut cells = Vec::new();
    let mut cell_start = start;
    for i in start..end {
        if unescaped(i) {
            cells.push(t[cell_start..i].trim().replace("\\|", "|"));
            cell_start = i + 1;
        }
    }
    cells.push(t[cell_start..end].trim().replace("\\|", "|"));
    Some(cells)
}

fn is_delimiter(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let inner = c.trim().trim_start_matches(':').trim_end_matches(':');
            !inner.is_empty() && inner.chars().all(|x| x == '-')
        })
}

struct Table {
    header_line: usize,
    header: Vec<String>,
    kinds: Vec<Kind>,
    code_col: usize,
    heading: Option<usize>,
    rows: Vec<Row>,
}

#[derive(Clone)]
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// The tables of a document, in order, read from the lines `outline` marks
/// as text.
fn scan(
    lines: &[&str],
    outline: &Outline,
    notes: &mut Vec<Note>,
    mappings: &[ColumnMapping],
) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    let mut current: Option<Table> = None;
    let mut run: Vec<(usize, Vec<String>)> = Vec::new();

    fn flush(run: &mut Vec<(usize, Vec<String>)>, notes: &mut Vec<Note>) {
        let delimited = run.iter().any(|(_, c)| is_delimiter(c));
        if run.len() >= 2 || delimited {
            let (line, cells) = &run[0];
            let header: Vec<&str> = cells.iter().map(String::as_str).collect();
            let header = truncate(&header.join(" | "), 80);
            notes.push(warning(
                Some(line + 1),
                format!(
                    "skipped a table without a code column (its first row is `{header}`); a table is imported when its header names a code column, such as `code` or `错误码`"
                ),
            ));
        }
        run.clear();
    }

    let mut heading: Option<usize> = None;
    for (i, raw) in lines.iter().enumerate() {
        let t = strip_quote(raw).trim_end();
        let end_blocks = |current: &mut Option<Table>,
                          tables: &mut Vec<Table>,
                          run: &mut Vec<(usize, Vec<String>)>,
                          notes: &mut Vec<Note>| {
            if let Some(table) = current.take() {
                tables.push(table);
            }
            flush(run, notes);
        };
        match outline.lines.get(i).copied().unwrap_or(Line::Text) {
            Line::Code => {
                end_blocks(&mut current, &mut tables, &mut run, notes);
                continue;
            }
            Line::Heading(h) => {
                end_blocks(&mut current, &mut tables, &mut run, notes);
                if !outline.headings[h].text.is_empty() {
                    heading = Some(h);
                }
                continue;
            }
            Line::Text => {}
        }
        let Some(cells) = split_row(t) else {
            end_blocks(&mut current, &mut tables, &mut run, notes);
            continue;
        };
        let next_is_delimiter = lines
            .get(i + 1)
            .filter(|_| outline.lines.get(i + 1) == Some(&Line::Text))
            .and_then(|l| split_row(strip_quote(l).trim_end()))
            .is_some_and(|c| is_delimiter(&c));
        if let Some(table) = current.as_mut() {
            if is_delimiter(&cells) {
                continue;
            }
            if let Some((header, kinds, code_col)) = header_of(&cells, next_is_delimiter, mappings)
            {
                let same = header.len() == table.header.len()
                    && header
                        .iter()
                        .zip(&table.header)
                        .all(|(a, b)| normalize_header(a) == normalize_header(b));
                if !same {
                    let heading = table.heading;
                    tables.extend(current.take());
                    current = Some(Table {
                        header_line: i,
                        header,
                        kinds,
                        code_col,
                        heading,
                        rows: Vec::new(),
                    });
                }
                continue;
            }
            table.rows.push(Row { line: i, cells });
            continue;
        }
        let run_is_table = run.iter().any(|(_, c)| is_delimiter(c));
        if !run_is_table {
            if let Some((header, kinds, code_col)) = header_of(&cells, next_is_delimiter, mappings)
            {
                flush(&mut run, notes);
                current = Some(Table {
                    header_line: i,
                    header,
                    kinds,
                    code_col,
                    heading,
                    rows: Vec::new(),
                });
                continue;
            }
        }
        run.push((i, cells));
    }
    tables.extend(current.take());
    flush(&mut run, notes);
    tables
}

/// `s` on one line, cut to `max` characters, for a note.
fn truncate(s: &str, max: usize) -> String {
    let mut out = one_line(&s.chars().take(max).collect::<String>());
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

// ------------------------------------------------------------ cells

const NIL: &[&str] = &[
    "-", "--", "—", "——", "/", "n/a", "none", "null", "无", "暂无",
];

/// A text cell as it renders ([`decode_inline`]), blank when it only says
/// "nothing".
fn clean_text(cell: &str) -> String {
    let text = decode_inline(cell);
    if NIL.contains(&text.to_lowercase().as_str()) {
        String::new()
    } else {
        text
    }
}

/// A code cell without the markup around it: as it renders, out of its code
/// span.
fn clean_code(cell: &str) -> String {
    let text = decode_inline(cell);
    let inner = text.trim_matches('`');
    if text.len() - inner.len() >= 2 && !inner.contains('`') {
        inner.trim().to_owned()
    } else {
        text
    }
}

/// A column header as a `meta` key: snake_case, but a word of one lowercase
/// letter before capitals (`gRPC`, `iOS`, `mTLS`) is one word, not
/// `g_rpc`.
fn meta_key(header: &str) -> String {
    let words: Vec<String> = header
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| {
            let mut chars = w.chars();
            let one_lower = chars.next().is_some_and(|c| c.is_ascii_lowercase());
            let rest: Vec<char> = chars.collect();
            if one_lower && rest.len() >= 2 && rest.iter().all(char::is_ascii_uppercase) {
                w.to_ascii_lowercase()
            } else {
                w.to_owned()
            }
        })
        .collect();
    words.join(" ").to_snake_case()
}

/// The codes of a code cell that lists several (`ORD_001<br>ORD_002`,
/// `ORD_001, ORD_002`, `1001 / 1002`): two or more words that each hold a
/// digit and are alike but for their digits. `None` for one code, or for
/// words that are not codes of one kind (`E 001`, `HTTP 404`).
fn several_codes(cell: &str) -> Option<Vec<&str>> {
    let words: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || ",，/、;；".contains(c))
        .map(|w| w.trim_matches('`'))
        .filter(|w| !w.is_empty())
        .collect();
    let shape = |w: &str| -> String { w.chars().filter(|c| !c.is_ascii_digit()).collect() };
    let alike = words.iter().all(|w| {
        w.contains(|c: char| c.is_ascii_digit())
            && w.chars().all(|c| c.is_alphanumeric() || "_-.:".contains(c))
            && shape(w) == shape(words[0])
    });
    (words.len() >= 2 && alike).then_some(words)
}

fn trim_punct(s: &str) -> &str {
    s.trim()
        .trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?。，、；：！？…".contains(c))
}

/// A cell's number and the text around it (`404 Not Found` → `404`, `Not
/// Found`; `NOT_FOUND (5)` → `5`, `NOT_FOUND`), the text without the
/// brackets and separators that set the number apart; `None` when the cell
/// holds no number, or one glued to a word (`E404`, `404x`).
fn number_and_words(text: &str) -> Option<(u64, &str)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let end = text[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |e| start + e);
    let (before, after) = (&text[..start], &text[end..]);
    let glued = before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
        || after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
    let number = text[start..end].parse().ok().filter(|_| !glued)?;
    let separators = |c: char| c.is_whitespace() || "()（）[]-–—:：=,，/".contains(c);
    let before = before.trim_matches(separators);
    let after = after.trim_matches(separators);
    match (before.is_empty(), after.is_empty()) {
        (true, _) => Some((number, after)),
        (false, true) => Some((number, before)),
        (false, false) => None,
    }
}

/// The HTTP status a cell names: `404`, or the status with its reason
/// phrase (`404 Not Found`, `404 (not found)`), or with words in another
/// script, which stand for the phrase (`404（未找到）`). Other words
/// (`404 unless signed in`, `400 or 422`) say more than a status: the cell is
/// none, and is kept whole as `meta`.
fn http_status(text: &str) -> Option<u64> {
    let (status, words) = number_and_words(text)?;
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let said = letters(words);
    let is_phrase = said.is_empty()
        || u16::try_from(status)
            .is_ok_and(|status| status_phrases(status).any(|p| letters(p) == said));
    ((100..=599).contains(&status) && is_phrase).then_some(status)
}

/// The gRPC code a cell names: its number, its name in any case
/// (`NOT_FOUND`, `NotFound`, `not found`), or both when they agree
/// (`5 (NOT_FOUND)`, `NOT_FOUND = 5`).
fn grpc_code(text: &str) -> Option<GrpcCode> {
    let by_name = |name: &str| GrpcCode::from_name(&name.to_snake_case());
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return by_name(text);
    }
    let (number, name) = number_and_words(text)?;
    let code = GrpcCode::from_number(number)?;
    (name.is_empty() || by_name(name) == Some(code)).then_some(code)
}

/// What a retryable cell says: yes, no, or neither. A mark may carry the
/// emoji variation selector (`✔️`).
fn yes_no(text: &str) -> Option<bool> {
    match text.trim_end_matches('\u{FE0F}').to_lowercase().as_str() {
        "true" | "yes" | "y" | "是" | "可" | "可以" | "✓" | "✔" | "√" | "✅" | "☑" => {
            Some(true)
        }
        "false" | "no" | "n" | "否" | "不可" | "不可以" | "✗" | "✘" | "×" | "❌" | "✖" => {
            Some(false)
        }
        _ => None,
    }
}

const SUCCESS: &[&str] = &[
    "success",
    "successful",
    "succeeded",
    "ok",
    "成功",
    "操作成功",
    "请求成功",
];
const RESERVED_WORDS: &[&str] = &["预留", "保留", "reserved"];

// ------------------------------------------------------------ placeholders

/// A placeholder's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ParamKey {
    Index(u32),
    Named(String),
}

/// Converts a message's placeholders to the canonical form; returns the new
/// text and the placeholders with their types.
fn convert_placeholders(text: &str) -> (String, Vec<(ParamKey, &'static str)>) {
    let mut out = String::with_capacity(text.len() + 8);
    let mut params: Vec<(ParamKey, &'static str)> = Vec::new();
    let mut seen: FastSet<ParamKey> = FastSet::default();
    let mut next = 0u32;
    let mut add = |params: &mut Vec<(ParamKey, &'static str)>, key: ParamKey, ty: &'static str| {
        if seen.insert(key.clone()) {
            params.push((key, ty));
        }
    };
    let printf = has_printf(text);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        // A name holds no brace: each search stops at the next one, so that
        // a run of unclosed `${` stays linear.
        if let Some(inner) = rest.strip_prefix("${") {
            if let Some(end) = inner
                .find(['{', '}'])
                .filter(|&e| inner.as_bytes()[e] == b'}')
            {
                let name = inner[..end].trim().to_snake_case();
                if is_identifier(&name) {
                    let _ = write!(out, "{{{name}}}");
                    add(&mut params, ParamKey::Named(name), "string");
                    i += 2 + end + 1;
                    continue;
                }
            }
        }
        if let Some(inner) = rest.strip_prefix("{{") {
            if let Some(end) = inner
                .find(['{', '}'])
                .filter(|&e| inner[e..].starts_with("}}"))
            {
                let name = inner[..end].trim();
                if is_identifier(name) {
                    let name = name.to_snake_case();
                    if is_identifier(&name) {
                        let _ = write!(out, "{{{name}}}");
                        add(&mut params, ParamKey::Named(name), "string");
                        i += 2 + end + 2;
                        continue;
                    }
                }
            }
        }
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner
                .find(['}', '{'])
                .filter(|&e| inner.as_bytes()[e] == b'}');
            if let Some(end) = close {
                let key = &inner[..end];
                let param = if key.is_empty() {
                    next += 1;
                    Some(ParamKey::Index(next - 1))
                } else if key.bytes().all(|b| b.is_ascii_digit()) {
                    key.parse().ok().map(ParamKey::Index)
                } else if is_identifier(key) {
                    Some(ParamKey::Named(key.to_owned()))
                } else {
                    None
                };
                if let Some(param) = param {
                    match &param {
                        ParamKey::Index(n) => {
                            let _ = write!(out, "{{{n}}}");
                        }
                        ParamKey::Named(n) => {
                            let _ = write!(out, "{{{n}}}");
                        }
                    }
                    add(&mut params, param, "string");
                    i += 1 + end + 1;
                    continue;
                }
            }
            out.push_str("{{");
            i += 1;
            continue;
        }
        if rest.starts_with('}') {
            out.push_str("}}");
            i += 1;
            continue;
        }
        if rest.starts_with('%') {
            if rest.starts_with("%%") {
                out.push_str(if printf { "%" } else { "%%" });
                i += 2;
                continue;
            }
            if let Some((len, position, ty)) = printf_spec(rest) {
                let index = match position {
                    Some(p) => p,
                    None => {
                        next += 1;
                        next - 1
                    }
                };
                let _ = write!(out, "{{{index}}}");
                add(&mut params, ParamKey::Index(index), ty);
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    (out, params)
}

fn has_printf(text: &str) -> bool {
    text.match_indices('%')
        .any(|(i, _)| printf_spec(&text[i..]).is_some())
}

/// A printf conversion at the start of `s` (which starts with `%`): its
/// length, explicit position (0-based) and param type.
fn printf_spec(s: &str) -> Option<(usize, Option<u32>, &'static str)> {
    let b = s.as_bytes();
    let mut i = 1;
    let mut position = None;
    let digits_end = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let d = digits_end(i);
    if d > i && b.get(d) == Some(&b'$') {
        let n: u32 = s[i..d].parse().ok()?;
        position = Some(n.checked_sub(1)?);
        i = d + 1;
    }
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b'-' | b'+' | b'0' | b'#'))
    {
        i += 1;
    }
    i = digits_end(i);
    if b.get(i) == Some(&b'.') {
        i = digits_end(i + 1);
    }
    while b.get(i).is_some_and(|c| matches!(c, b'l' | b'h')) {
        i += 1;
    }
    let ty = match b.get(i)? {
        b's' | b'v' | b'c' | b'@' => "string",
        b'd' | b'i' | b'u' | b'x' | b'X' => "int",
        b'f' | b'F' | b'e' | b'g' => "float",
        _ => return None,
    };
    // `%s` followed by a letter is likely prose ("100%secure"); still a
    // conversion in printf, so it is taken as one.
    Some((i + 1, position, ty))
}

// ------------------------------------------------------------ code formats

fn escape_format(literal: &str) -> String {
    literal.replace('{', "{{").replace('}', "}}")
}

fn is_upper_snake(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

const SEPARATORS: &[char] = &['_', '.', '-', ':', '/'];

/// `{lower}` words between separators, as a format.
fn lower_pattern(code: &str) -> Option<String> {
    let mut pattern = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, pattern: &mut String| -> bool {
        let ok = word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        word.clear();
        pattern.push_str("{lower}");
        ok
    };
    for c in code.chars() {
        if SEPARATORS.contains(&c) {
            if !flush(&mut word, &mut pattern) {
                return None;
            }
            pattern.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut pattern).then_some(pattern)
}

/// The strict candidate formats of a code.
fn candidates(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    if code.is_empty() {
        return out;
    }
    let tail = code.len() - code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if tail == code.len() {
        out.push(format!("{{digits:{}}}", tail.min(40)));
        return out;
    }
    if (1..=40).contains(&tail) {
        let prefix = &code[..code.len() - tail];
        out.push(format!("{}{{digits:{tail}}}", escape_format(prefix)));
        if tail >= 3 {
            return out;
        }
    }
    if is_upper_snake(code) {
        out.push("{upper}".to_owned());
    }
    if let Some(p) = lower_pattern(code) {
        out.push(p);
    }
    out
}

/// The looser candidates of the second round.
fn loose_candidates(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    if is_upper_snake(code) {
        out.push("{upper}".to_owned());
    }
    if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
        out.push("{digits}".to_owned());
    } else if !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push("{alnum}".to_owned());
    }
    out
}

/// How specific a format is: its literal text counts most.
fn specificity(pattern: &str) -> usize {
    let mut literal = 0;
    let mut depth = 0;
    for c in pattern.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => literal += 1,
            _ => {}
        }
    }
    literal * 10 + usize::from(pattern.contains("{digits:")) * 5
}

/// Picks formats greedily from each code's candidates; marks the codes
/// covered.
fn greedy(
    codes: &[&str],
    candidates_of: fn(&str) -> Vec<String>,
    covered: &mut [bool],
    min: usize,
    out: &mut Vec<(String, usize)>,
) {
    let cands: Vec<Vec<String>> = codes.iter().map(|c| candidates_of(c)).collect();
    loop {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (i, list) in cands.iter().enumerate() {
            if covered[i] {
                continue;
            }
            for c in list {
                counts.entry(c).or_insert((0, i)).0 += 1;
            }
        }
        let best = counts.into_iter().max_by(|a, b| {
            (a.1 .0, specificity(a.0), std::cmp::Reverse(a.1 .1)).cmp(&(
                b.1 .0,
                specificity(b.0),
                std::cmp::Reverse(b.1 .1),
            ))
        });
        let Some((pattern, (count, _))) = best else {
            break;
        };
        if count < min {
            break;
        }
        let pattern = pattern.to_owned();
        for (i, list) in cands.iter().enumerate() {
            if !covered[i] && list.contains(&pattern) {
                covered[i] = true;
            }
        }
        out.push((refine(&pattern, codes, &cands), count));
    }
}

/// A chosen `{lower}…` format whose first words are a few short tokens
/// lists them (`{b|p|s}_{lower}_{lower}`).
fn refine(pattern: &str, codes: &[&str], cands: &[Vec<String>]) -> String {
    let Some(rest) = pattern.strip_prefix("{lower}") else {
        return pattern.to_owned();
    };
    let mut firsts: Vec<&str> = codes
        .iter()
        .zip(cands)
        .filter(|(_, list)| list.iter().any(|c| c == pattern))
        .map(|(code, _)| code.split(SEPARATORS).next().unwrap_or(""))
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    if firsts.is_empty() || firsts.len() > 4 || firsts.iter().any(|f| f.len() > 3) {
        return pattern.to_owned();
    }
    if firsts.len() == 1 {
        return format!("{}{rest}", firsts[0]);
    }
    format!("{{{}}}{rest}", firsts.join("|"))
}

/// The formats the codes' majority follows, with how many codes each fits.
fn infer_formats(codes: &[&str]) -> Vec<(String, usize)> {
    let total = codes.len();
    if total == 0 {
        return Vec::new();
    }
    let min = total.min(2).max((total * 15).div_ceil(100));
    let mut covered = vec![false; total];
    let mut formats = Vec::new();
    greedy(codes, candidates, &mut covered, min, &mut formats);
    let left = covered.iter().filter(|c| !**c).count();
    if left * 100 > total * 15 {
        greedy(codes, loose_candidates, &mut covered, min, &mut formats);
    }
    formats.retain(|(p, _)| CodeFormat::parse(p).is_ok());
    formats
}

// ------------------------------------------------------------ the import

/// Columns beyond this many are not read (it bounds the work on hostile input).
const MAX_COLUMNS: usize = 1000;

/// Where a column's cells go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    Code,
    Http,
    Grpc,
    Retryable,
    Message,
    Description,
    Cause,
    Remedy,
    Meta,
}

struct Column<'m> {
    kind: Kind,
    slot: Slot,
    /// Detected, or as a `--column` mapping says.
    locale: Option<&'m str>,
    /// The meta key its cells are kept under when they cannot go elsewhere.
    key: String,
}

enum Outcome {
    Entry(EntryOut),
    /// A reserved code, or (for integer codes) the range `code..=last`.
    Reserved {
        code: String,
        last: Option<String>,
        reason: String,
    },
}

#[derive(Default)]
struct EntryOut {
    code: String,
    success: bool,
    name: Option<String>,
    http: Option<u64>,
    grpc: Option<&'static str>,
    retryable: Option<bool>,
    params: Vec<(ParamKey, &'static str)>,
    messages: Vec<(String, String)>,
    descriptions: Vec<(String, String)>,
    causes: Vec<(String, String)>,
    remedies: Vec<(String, String)>,
    meta: Vec<(String, String)>,
}

impl EntryOut {
    fn add_meta(&mut self, key: &str, value: String) {
        let mut k = key.to_owned();
        let mut n = 2;
        while self.meta.iter().any(|(x, _)| *x == k) {
            k = format!("{key}_{n}");
            n += 1;
        }
        self.meta.push((k, value));
    }

    /// The message in `locale`, its placeholders in the canonical form (the
    /// text as written kept as `meta original.<locale>` when they changed)
    /// and declared as params.
    fn add_message(&mut self, locale: String, text: String) {
        let (converted, params) = convert_placeholders(&text);
        if converted != text {
            let key = format!("original.{}", locale.replace('-', "_"));
            self.add_meta(&key, text);
        }
        if SUCCESS.contains(&trim_punct(&converted).to_lowercase().as_str()) {
            self.success = true;
        }
        let known: FastSet<&ParamKey> = self.params.iter().map(|(k, _)| k).collect();
        let new: Vec<_> = params
            .into_iter()
            .filter(|(k, _)| !known.contains(k))
            .collect();
        self.params.extend(new);
        self.messages.push((locale, converted));
    }

    fn english(&self) -> Option<&str> {
        self.messages
            .iter()
            .find(|(l, _)| l == "en")
            .map(|(_, t)| t.as_str())
    }
}

struct GroupOut {
    name: String,
    title: String,
    prefix: Option<String>,
    heading_line: usize,
    items: Vec<usize>,
}

enum Top {
    Group(usize),
    Item(usize),
}

struct Importer<'a> {
    text: &'a str,
    lines: Vec<&'a str>,
    notes: &'a mut Vec<Note>,
}

impl<'a> Importer<'a> {
    fn new(text: &'a str, notes: &'a mut Vec<Note>) -> Importer<'a> {
        Importer {
            text,
            lines: text.split('\n').collect(),
            notes,
        }
    }

    fn warn(&mut self, line: usize, message: String) {
        self.notes.push(warning(Some(line + 1), message));
    }

    /// Puts the `value` read from a cell of `column` into the entry's
    /// `slot`. A cell that holds no such value (`what`), or one that
    /// disagrees with what an earlier column of the table put there, is kept
    /// as `meta` under the column's key, with a warning saying which; a cell
    /// that repeats the earlier column's value adds nothing.
    #[allow(clippy::too_many_arguments)]
    fn fill<T: PartialEq + std::fmt::Display>(
        &mut self,
        line: usize,
        entry: &mut EntryOut,
        slot: fn(&mut EntryOut) -> &mut Option<T>,
        value: Option<T>,
        column: &Column,
        text: String,
        what: &str,
    ) {
        let why = match (value, slot(entry)) {
            (Some(value), empty @ None) => {
                *empty = Some(value);
                return;
            }
            (Some(value), Some(given)) if *given == value => return,
            (Some(_), Some(given)) => {
                format!("differs from `{given}`, which an earlier column gave")
            }
            (None, _) => format!("is not {what}"),
        };
        self.warn(
            line,
            format!(
                "`{}`: `{}` {why}; kept as `meta {}`",
                entry.code,
                truncate(&text, 40),
                column.key
            ),
        );
        entry.add_meta(&column.key, text);
    }

    fn run(mut self, name: &str, file: &str, options: &Options) -> Result<String, ImportError> {
        let outline = outline(self.text);
        let tables = scan(&self.lines, &outline, self.notes, &options.columns);
        let headings = &outline.headings;
        for mapping in &options.columns {
            let n = normalize_header(&mapping.header);
            if !tables
                .iter()
                .flat_map(|t| &t.header)
                .any(|h| normalize_header(h) == n)
            {
                let mut known: Vec<String> = Vec::new();
                for h in tables.iter().flat_map(|t| &t.header) {
                    if !h.trim().is_empty() && !known.contains(h) {
                        known.push(h.clone());
                    }
                }
                return Err(ImportError::UnknownColumn {
                    header: mapping.header.clone(),
                    known,
                });
            }
        }
        let title_heading = headings
            .iter()
            .position(|h| h.level == 1 && !h.text.is_empty());

        // Columns: what each holds and in which locale.
        let columns: Vec<Vec<Column>> = tables
            .iter()
            .map(|t| self.columns(t, &options.columns))
            .collect();
        let mut locales = self.locales(&columns, options);
        let default = locales.first().cloned().unwrap_or_else(|| "en".to_owned());

        // Rows.
        let mut outcomes: Vec<(Outcome, Option<usize>)> = Vec::new();
        for (table, cols) in tables.iter().zip(&columns) {
            let heading = table.heading.filter(|h| Some(*h) != title_heading);
            for row in &table.rows {
                let cell = clean_code(row.cells.get(table.code_col).map_or("", String::as_str));
                let Some(codes) = several_codes(&cell) else {
                    if let Some(outcome) = self.row(table, cols, row, &default) {
                        outcomes.push((outcome, heading));
                    }
                    continue;
                };
                self.notes.push(note(
                    Some(row.line + 1),
                    format!(
                        "the code cell holds {} codes ({}); each is imported with the row's text",
                        codes.len(),
                        codes
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                for code in codes {
                    let mut one = row.clone();
                    one.cells[table.code_col] = code.to_owned();
                    if let Some(outcome) = self.row(table, cols, &one, &default) {
                        outcomes.push((outcome, heading));
                    }
                }
            }
        }

        // Codes outside the tables: lists, then JSON examples.
        let table_lines: HashSet<usize> = tables
            .iter()
            .flat_map(|t| std::iter::once(t.header_line).chain(t.rows.iter().map(|r| r.line)))
            .collect();
        let examples = prose::example_codes(self.text, &|line| table_lines.contains(&line));
        self.outside_tables(
            &outline,
            &examples,
            title_heading,
            &default,
            &mut locales,
            &mut outcomes,
        );
        if outcomes.is_empty() {
            let message = if tables.is_empty() {
                "no table with a code column and no list of codes was found; the catalog has no entries (each section's contents are noted)"
            } else {
                "every row of the tables with a code column was skipped (see the warnings) and no list of codes was found; the catalog has no entries (each section's contents are noted)"
            };
            self.notes.push(warning(None, message.to_owned()));
            let mut coded: Vec<usize> = tables.iter().map(|t| t.header_line).collect();
            coded.sort_unstable();
            self.section_notes(&outline, &examples, &coded);
        }

        self.merge_translations(&mut outcomes);

        // Codes: integers or strings, and their formats.
        let codes: Vec<&str> = outcomes
            .iter()
            .map(|(o, _)| match o {
                Outcome::Entry(e) => e.code.as_str(),
                Outcome::Reserved { code, .. } => code.as_str(),
            })
            .collect();
        let integers = !codes.is_empty()
            && codes.iter().all(|c| {
                c.bytes().all(|b| b.is_ascii_digit())
                    && (c.len() == 1 || !c.starts_with('0'))
                    && c.parse::<u64>().is_ok()
            });
        let formats = infer_formats(&codes);
        self.format_notes(&codes, &formats);

        // Messages in the catalog's locale order; names.
        for (outcome, _) in &mut outcomes {
            if let Outcome::Entry(e) = outcome {
                e.messages.sort_by_key(|(l, _)| {
                    locales.iter().position(|x| x == l).unwrap_or(usize::MAX)
                });
            }
        }
        let mut taken: HashSet<(&'static str, String)> = HashSet::new();
        for (outcome, _) in &mut outcomes {
            if let Outcome::Entry(e) = outcome {
                e.name = entry_name(e, integers, &mut taken);
            }
        }

        if integers {
            merge_reserved(&mut outcomes);
        }

        // Groups, in order of first use.
        let mut groups: Vec<GroupOut> = Vec::new();
        let mut group_of: HashMap<usize, usize> = HashMap::new();
        let mut top: Vec<Top> = Vec::new();
        let mut group_names: HashSet<String> = HashSet::new();
        for (index, (_, heading)) in outcomes.iter().enumerate() {
            let Some(h) = *heading else {
                top.push(Top::Item(index));
                continue;
            };
            let g = *group_of.entry(h).or_insert_with(|| {
                let heading = &headings[h];
                let (name, prefix) = group_name(&heading.text, groups.len() + 1);
                let name = unique(&name, &mut group_names);
                groups.push(GroupOut {
                    name,
                    title: heading.text.clone(),
                    prefix,
                    heading_line: heading.line,
                    items: Vec::new(),
                });
                top.push(Top::Group(groups.len() - 1));
                groups.len() - 1
            });
            groups[g].items.push(index);
        }
        self.prefix_notes(&groups, &outcomes);
        self.placeholder_notes(&outcomes);

        // The text.
        let mut out = String::new();
        let _ = writeln!(
            out,
            "// Imported from {} by `errgen import`; run `errgen check` on it.",
            one_line(file)
        );
        let title = title_heading.map(|h| headings[h].text.as_str());
        let _ = write!(out, "catalog {name}");
        if let Some(title) = title {
            let _ = write!(out, " {}", encode_plain(title));
        }
        out.push_str(" {\n");
        if !locales.is_empty() {
            let _ = writeln!(out, "  locales {}", locales.join(", "));
        }
        for (pattern, _) in &formats {
            let _ = writeln!(out, "  format {}", encode_plain(pattern));
        }
        if !outcomes.is_empty() {
            if let Some(envelope) = envelope(self.text) {
                out.push_str(&envelope);
            }
        }
        out.push_str("}\n");
        for item in &top {
            out.push('\n');
            match *item {
                Top::Item(i) => write_outcome(&mut out, &outcomes[i].0, integers, ""),
                Top::Group(g) => {
                    let group = &groups[g];
                    let _ = writeln!(
                        out,
                        "group {} {} {{",
                        group.name,
                        encode_plain(&group.title)
                    );
                    if let Some(prefix) = &group.prefix {
                        let _ = writeln!(out, "  prefix {}", encode_plain(prefix));
                    }
                    for &i in &group.items {
                        out.push('\n');
                        write_outcome(&mut out, &outcomes[i].0, integers, "  ");
                    }
                    out.push_str("}\n");
                }
            }
        }
        Ok(out)
    }

    /// Maps a table's columns to slots and locales.
    fn columns<'m>(&mut self, table: &Table, mappings: &'m [ColumnMapping]) -> Vec<Column<'m>> {
        let width = table
            .rows
            .iter()
            .map(|r| r.cells.len())
            .chain([table.kinds.len()])
            .max()
            .unwrap_or(0);
        if width > MAX_COLUMNS {
            self.warn(
                table.header_line,
                format!("the table has {width} columns; only the first {MAX_COLUMNS} are read"),
            );
        }
        let width = width.min(MAX_COLUMNS);
        let mut columns: Vec<Column> = Vec::with_capacity(width);
        let mut keys: HashSet<String> = HashSet::new();
        for c in 0..width {
            let header = table.header.get(c).map_or("", String::as_str);
            let mut kind = table.kinds.get(c).copied().unwrap_or(Kind::Other);
            // A code column other than the table's (`Legacy code`) is kept
            // as `meta`, without a warning: errgen knows what it is.
            let second_code = kind == Kind::Code && c != table.code_col;
            if second_code {
                kind = Kind::Other;
            }
            // The locale: as mapped, else as the header says, else the
            // majority of the cells' scripts.
            let mapped = mapping_of(header, mappings);
            let named = mapped
                .and_then(|m| m.locale.as_deref())
                .or_else(|| header_locale(header));
            let mut votes: Vec<(&'static str, usize)> = Vec::new();
            for row in &table.rows {
                let cell = row.cells.get(c).map_or("", String::as_str);
                if let Some(l) = script_locale(&clean_text(cell)) {
                    match votes.iter_mut().find(|(x, _)| *x == l) {
                        Some(v) => v.1 += 1,
                        None => votes.push((l, 1)),
                    }
                }
            }
            let locale = named.or_else(|| {
                votes
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                    .map(|(_, (l, _))| *l)
            });
            let snake = meta_key(header);
            let base = if kind == Kind::Detail && is_identifier(&snake) && snake.is_ascii() {
                snake
            } else if kind == Kind::Detail {
                "detail".to_owned()
            } else if is_identifier(&snake) && snake.is_ascii() {
                snake
            } else {
                format!("column_{}", c + 1)
            };
            let key = unique(&base, &mut keys);
            let has_content = table
                .rows
                .iter()
                .any(|r| r.cells.get(c).is_some_and(|x| !clean_text(x).is_empty()));
            if kind == Kind::Other && has_content && !second_code {
                let message = if header.is_empty() {
                    format!(
                        "column {} has no header; its cells are kept as `meta {key}` (give it a header to map it with `--column`)",
                        c + 1
                    )
                } else {
                    let roles = ROLES.map(|(name, _)| name).join(", ");
                    format!(
                        "column `{}` is not one errgen knows; its cells are kept as `meta {key}`; map it with `--column \"{}=ROLE[:LOCALE]\"` (ROLE: {roles})",
                        truncate(header, 40),
                        header.trim().replace('"', "\\\""),
                    )
                };
                self.warn(table.header_line, message);
            }
            let slot = match kind {
                Kind::Code => Slot::Code,
                Kind::Http => Slot::Http,
                Kind::Grpc => Slot::Grpc,
                Kind::Retryable => Slot::Retryable,
                Kind::Message => Slot::Message,
                Kind::Description => Slot::Description,
                Kind::Cause => Slot::Cause,
                Kind::Remedy => Slot::Remedy,
                Kind::Detail | Kind::Other => Slot::Meta,
            };
            columns.push(Column {
                kind,
                slot,
                locale,
                key,
            });
        }
        // A description in a locale no message column has is that locale's message.
        let mut message_locales: Vec<Option<&str>> = columns
            .iter()
            .filter(|c| c.slot == Slot::Message)
            .map(|c| c.locale)
            .collect();
        for column in &mut columns {
            if column.slot == Slot::Description
                && column.locale.is_some()
                && !message_locales.contains(&column.locale)
            {
                column.slot = Slot::Message;
                message_locales.push(column.locale);
            }
        }
        columns
    }

    /// The catalog's locales, the default first.
    fn locales(&mut self, columns: &[Vec<Column>], options: &Options) -> Vec<String> {
        let mut found: Vec<&str> = Vec::new();
        let passes: [&dyn Fn(&Column) -> bool; 3] = [
            &|c| c.slot == Slot::Message && c.kind == Kind::Message,
            &|c| c.slot == Slot::Message,
            &|c| {
                matches!(
                    c.slot,
                    Slot::Description | Slot::Cause | Slot::Remedy | Slot::Message
                )
            },
        ];
        for pass in passes {
            for column in columns.iter().flatten() {
                if let Some(l) = column.locale.filter(|_| pass(column)) {
                    if !found.contains(&l) {
                        found.push(l);
                    }
                }
            }
        }
        if options.locale_order.is_empty() {
            return found.into_iter().map(str::to_owned).collect();
        }
        let mut locales = options.locale_order.clone();
        for l in found {
            if !locales.iter().any(|x| x == l) {
                self.notes.push(warning(
                    None,
                    format!("the tables hold `{l}` text, which --locale-order leaves out; `{l}` is appended to the locales"),
                ));
                locales.push(l.to_owned());
            }
        }
        locales
    }

    /// One body row: an entry, a reserved code, or nothing (with a warning).
    fn row(
        &mut self,
        table: &Table,
        columns: &[Column],
        row: &Row,
        default: &str,
    ) -> Option<Outcome> {
        let code = clean_code(row.cells.get(table.code_col).map_or("", String::as_str));
        let others_blank = row
            .cells
            .iter()
            .enumerate()
            .all(|(i, c)| i == table.code_col || clean_text(c).is_empty());
        if code.is_empty() {
            if !others_blank {
                self.warn(row.line, "skipped a row without a code".to_owned());
            }
            return None;
        }
        if code.chars().any(char::is_whitespace) {
            self.warn(
                row.line,
                format!(
                    "skipped a row whose code cell `{}` holds spaces, so it is no code",
                    truncate(&code, 40)
                ),
            );
            return None;
        }
        // The cells, cleaned; a text that repeats the code is blank.
        let mut echo = false;
        let mut reserved_word = false;
        let mut cells: Vec<(usize, String)> = Vec::new();
        for (i, cell) in row.cells.iter().enumerate() {
            if i == table.code_col {
                continue;
            }
            let text = clean_text(cell);
            if text.is_empty() {
                continue;
            }
            let Some(column) = columns.get(i) else {
                continue;
            };
            if clean_code(&text) == code {
                echo |= column.kind == Kind::Message;
                continue;
            }
            if column.kind == Kind::Message
                && RESERVED_WORDS.contains(&trim_punct(&text).to_lowercase().as_str())
            {
                reserved_word = true;
            }
            cells.push((i, text));
        }
        if cells.is_empty() || echo || reserved_word {
            let texts: Vec<&str> = cells.iter().map(|(_, t)| t.as_str()).collect();
            let reason = if texts.is_empty() {
                "blank in the imported table".to_owned()
            } else {
                texts.join("; ")
            };
            return Some(Outcome::Reserved {
                code,
                last: None,
                reason,
            });
        }

        let mut entry = EntryOut {
            code,
            ..EntryOut::default()
        };
        for (i, text) in cells {
            let Some(column) = columns.get(i) else {
                continue;
            };
            let locale = column.locale.unwrap_or(default).to_owned();
            if let Some(col) = column.locale {
                let texty = matches!(
                    column.slot,
                    Slot::Message | Slot::Description | Slot::Cause | Slot::Remedy
                );
                let mismatch = if texty {
                    crate::script::mismatch(col, &text)
                } else {
                    None
                };
                if let Some(m) = mismatch {
                    let cell = m.found.likely_locale();
                    self.warn(
                        row.line,
                        format!(
                            "`{}`: the cell `{}` reads as `{cell}` text in a `{col}` column; it is kept as `{col}`",
                            entry.code,
                            truncate(&text, 40)
                        ),
                    );
                }
            }
            match column.slot {
                Slot::Code => {}
                Slot::Http => {
                    let status = http_status(&text);
                    self.fill(
                        row.line,
                        &mut entry,
                        |e| &mut e.http,
                        status,
                        column,
                        text,
                        "an HTTP status",
                    );
                }
                Slot::Grpc => {
                    let grpc = grpc_code(&text).map(GrpcCode::name);
                    self.fill(
                        row.line,
                        &mut entry,
                        |e| &mut e.grpc,
                        grpc,
                        column,
                        text,
                        "a gRPC code",
                    );
                }
                Slot::Retryable => {
                    let value = yes_no(&text);
                    self.fill(
                        row.line,
                        &mut entry,
                        |e| &mut e.retryable,
                        value,
                        column,
                        text,
                        "yes or no",
                    );
                }
                Slot::Message => {
                    if entry.messages.iter().any(|(l, _)| *l == locale) {
                        if entry.descriptions.iter().any(|(l, _)| *l == locale) {
                            entry.add_meta(&column.key, text);
                        } else {
                            entry.descriptions.push((locale, text));
                        }
                        continue;
                    }
                    entry.add_message(locale, text);
                }
                Slot::Description => {
                    if entry.descriptions.iter().any(|(l, _)| *l == locale) {
                        entry.add_meta(&column.key, text);
                    } else {
                        entry.descriptions.push((locale, text));
                    }
                }
                Slot::Cause => entry.causes.push((locale, text)),
                Slot::Remedy => entry.remedies.push((locale, text)),
                Slot::Meta => entry.add_meta(&column.key, text),
            }
        }
        Some(Outcome::Entry(entry))
    }

    /// Adds the codes of code lists and (when the document has codes
    /// elsewhere) of JSON examples that no table has, each with a warning
    /// that says where it came from.
    fn outside_tables(
        &mut self,
        outline: &Outline,
        examples: &[prose::Found],
        title: Option<usize>,
        default: &str,
        locales: &mut Vec<String>,
        outcomes: &mut Vec<(Outcome, Option<usize>)>,
    ) {
        let mut known: HashSet<String> = outcomes
            .iter()
            .map(|(o, _)| match o {
                Outcome::Entry(e) => e.code.clone(),
                Outcome::Reserved { code, .. } => code.clone(),
            })
            .collect();
        let integer = |c: &str| {
            c.bytes().all(|b| b.is_ascii_digit())
                && (c.len() == 1 || !c.starts_with('0'))
                && c.parse::<u64>().is_ok()
        };
        let integers = !known.is_empty() && known.iter().all(|c| integer(c));
        let in_tables = known.clone();
        let table_codes: Vec<&str> = in_tables.iter().map(String::as_str).collect();
        let formats: Vec<CodeFormat> = infer_formats(&table_codes)
            .iter()
            .filter_map(|(p, _)| CodeFormat::parse(p).ok())
            .collect();
        let listed = prose::list_codes(outline, &|code| {
            formats.iter().any(|f| f.check(code).is_ok())
        });
        let heading_of = |line: usize| {
            outline
                .headings
                .partition_point(|h| h.line <= line)
                .checked_sub(1)
                .filter(|h| Some(*h) != title && !outline.headings[*h].text.is_empty())
        };
        let mut repeated: Vec<usize> = Vec::new();
        let from_examples = !outcomes.is_empty() || !listed.is_empty();
        let examples = examples.iter().filter(|_| from_examples);
        for found in listed.iter().chain(examples) {
            let code = found.code.as_str();
            let place = match &found.key {
                None => "a list item".to_owned(),
                Some(key) => format!("the `{key}` of a JSON example"),
            };
            if known.contains(code) {
                if found.key.is_none() && in_tables.contains(code) {
                    repeated.push(found.line + 1);
                }
                continue;
            }
            if found.key.is_some() && prose::stand_in(code) {
                continue;
            }
            // A code of the other kind than the tables' (a gRPC or HTTP
            // number in the body of a string-coded API, a name among
            // numbers) is no code of theirs.
            let strings = !integers && !in_tables.is_empty();
            if (integers && !integer(code)) || (strings && code.bytes().all(|b| b.is_ascii_digit()))
            {
                let kind = if integers { "integers" } else { "strings" };
                self.warn(
                    found.line,
                    format!(
                        "`{}` ({place}) is not imported: the tables' codes are {kind}",
                        truncate(code, 40)
                    ),
                );
                continue;
            }
            if code.chars().any(|c| c.is_whitespace() || c.is_control()) {
                continue;
            }
            known.insert(code.to_owned());
            let mut entry = EntryOut {
                code: code.to_owned(),
                ..EntryOut::default()
            };
            let given = found.message.as_deref().map(str::trim).unwrap_or("");
            let what = if given.is_empty() {
                "without a message (it has none)".to_owned()
            } else if prose::stand_in(given) {
                format!(
                    "without a message (its `{}` is a stand-in)",
                    truncate(given, 20)
                )
            } else {
                let locale = script_locale(given).unwrap_or(default).to_owned();
                if !locales.contains(&locale) {
                    locales.push(locale.clone());
                }
                entry.add_message(locale, given.to_owned());
                "with its text as the message".to_owned()
            };
            let why = match found.key {
                None => "in a list and in no table",
                Some(_) => "only in a JSON example, in no table or list",
            };
            self.warn(
                found.line,
                format!(
                    "`{}` is {why}; imported from {place} {what}",
                    truncate(code, 40)
                ),
            );
            outcomes.push((Outcome::Entry(entry), heading_of(found.line)));
        }
        if !repeated.is_empty() {
            let lines: Vec<String> = repeated.iter().map(usize::to_string).collect();
            let message = match repeated.len() {
                1 => format!(
                    "a list item names a code that a table has (line {}); the table's text is kept",
                    lines[0]
                ),
                n => format!(
                    "{n} list items name codes that a table has (lines {}); the tables' text is kept",
                    lines.join(", ")
                ),
            };
            self.notes.push(note(Some(repeated[0]), message));
        }
    }

    /// For a document without codes: what each section holds, none of it
    /// mapped.
    fn section_notes(&mut self, outline: &Outline, examples: &[prose::Found], coded: &[usize]) {
        let mut starts: Vec<(usize, Option<usize>)> = vec![(0, None)];
        starts.extend(
            outline
                .headings
                .iter()
                .enumerate()
                .map(|(i, h)| (h.line, Some(i))),
        );
        let mut path: Vec<(usize, String)> = Vec::new();
        for (n, &(start, heading)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(usize::MAX, |s| s.0);
            if let Some(h) = heading {
                let h = &outline.headings[h];
                while path.last().is_some_and(|(level, _)| *level >= h.level) {
                    path.pop();
                }
                path.push((h.level, truncate(&h.text, 60)));
            }
            // Every list is in document order: count by bisection.
            let count = |lines: &[usize]| {
                lines.partition_point(|&l| l < end) - lines.partition_point(|&l| l < start)
            };
            let code = count(&outline.code);
            let items = outline.items.partition_point(|i| i.line < end)
                - outline.items.partition_point(|i| i.line < start);
            let paragraphs = count(&outline.paragraphs);
            let skipped = count(coded);
            let tables = count(&outline.tables).saturating_sub(skipped);
            let first = examples.partition_point(|e| e.line < start);
            let last = examples.partition_point(|e| e.line < end);
            let mut codes: Vec<String> = Vec::new();
            for e in &examples[first..last] {
                let code = format!("`{}`", truncate(&e.code, 30));
                if codes.len() == 8 {
                    codes.push("…".to_owned());
                    break;
                }
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            let mut found: Vec<String> = Vec::new();
            for (n, one, many) in [
                (
                    tables,
                    "a table without a code column",
                    "tables without a code column",
                ),
                (
                    skipped,
                    "a table whose rows were all skipped",
                    "tables whose rows were all skipped",
                ),
                (code, "a code block", "code blocks"),
                (items, "a list item", "list items"),
                (paragraphs, "a paragraph", "paragraphs"),
            ] {
                match n {
                    0 => {}
                    1 => found.push(one.to_owned()),
                    n => found.push(format!("{n} {many}")),
                }
            }
            if found.is_empty() {
                continue;
            }
            let mut message = match heading {
                Some(_) => {
                    let names: Vec<&str> = path.iter().map(|(_, t)| t.as_str()).collect();
                    format!("section `{}` holds {}", names.join(" › "), found.join(", "))
                }
                None => format!(
                    "the text before the first heading holds {}",
                    found.join(", ")
                ),
            };
            if !codes.is_empty() {
                let s = if codes.len() == 1 { "" } else { "s" };
                let _ = write!(
                    message,
                    ", and JSON bodies with the code{s} {}",
                    codes.join(", ")
                );
            }
            if tables + code + items + paragraphs > 0 || !codes.is_empty() {
                message.push_str("; not mapped (entries come from a table with a code column or a list of `CODE: message` items)");
            }
            self.notes.push(note(Some(start + 1), message));
        }
    }

    /// Makes one entry of the rows of one code that give it in different
    /// locales (a page's Chinese table, then its English one), with a note;
    /// other rows of a code seen before stay apart, for `errgen check` to
    /// report the duplicate code.
    fn merge_translations(&mut self, outcomes: &mut Vec<(Outcome, Option<usize>)>) {
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut merged: Vec<String> = Vec::new();
        let mut apart: Vec<String> = Vec::new();
        let mut kept: Vec<(Outcome, Option<usize>)> = Vec::with_capacity(outcomes.len());
        for (outcome, heading) in outcomes.drain(..) {
            let Outcome::Entry(entry) = &outcome else {
                kept.push((outcome, heading));
                continue;
            };
            match first.get(&entry.code) {
                None => {
                    first.insert(entry.code.clone(), kept.len());
                    kept.push((outcome, heading));
                }
                Some(&at) => {
                    let Outcome::Entry(into) = &mut kept[at].0 else {
                        unreachable!("`first` holds entries only")
                    };
                    if merge_entry(into, entry) {
                        merged.push(entry.code.clone());
                    } else {
                        apart.push(entry.code.clone());
                        kept.push((outcome, heading));
                    }
                }
            }
        }
        *outcomes = kept;
        for codes in [&mut merged, &mut apart] {
            let mut seen = HashSet::new();
            codes.retain(|c| seen.insert(c.clone()));
        }
        let list = |codes: &[String]| {
            let shown: Vec<String> = codes.iter().take(8).map(|c| format!("`{c}`")).collect();
            let more = if codes.len() > 8 { ", …" } else { "" };
            format!("{}{more}", shown.join(", "))
        };
        if !merged.is_empty() {
            let n = merged.len();
            self.notes.push(note(
                None,
                format!(
                    "{n} code{} appear{} in more than one table, in other locales ({}); each is one entry with the texts of every table",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    list(&merged)
                ),
            ));
        }
        if !apart.is_empty() {
            let n = apart.len();
            self.notes.push(warning(
                None,
                format!(
                    "{n} code{} appear{} in more than one row ({}); each row is kept as an entry, and `errgen check` reports the duplicate codes",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    list(&apart)
                ),
            ));
        }
    }

    fn format_notes(&mut self, codes: &[&str], formats: &[(String, usize)]) {
        if codes.is_empty() {
            return;
        }
        let parsed: Vec<CodeFormat> = formats
            .iter()
            .filter_map(|(p, _)| CodeFormat::parse(p).ok())
            .collect();
        let list: Vec<String> = formats
            .iter()
            .map(|(p, n)| format!("`{p}` ({n})"))
            .collect();
        if list.is_empty() {
            self.notes.push(note(
                None,
                if codes.len() == 1 {
                    "no code format fits the one code well enough to declare it".to_owned()
                } else {
                    format!(
                        "no code format fits enough of the {} codes to declare one",
                        codes.len()
                    )
                },
            ));
            return;
        }
        let mut outliers: Vec<&str> = codes
            .iter()
            .copied()
            .filter(|c| !parsed.iter().any(|f| f.check(c).is_ok()))
            .collect();
        outliers.dedup();
        let mut message = format!(
            "of {} code{}, declared the format{} {}",
            codes.len(),
            if codes.len() == 1 { "" } else { "s" },
            if list.len() == 1 { "" } else { "s" },
            list.join(", ")
        );
        if !outliers.is_empty() {
            let shown: Vec<String> = outliers.iter().take(8).map(|c| format!("`{c}`")).collect();
            let more = if outliers.len() > 8 { ", …" } else { "" };
            let _ = write!(
                message,
                "; {} fit none ({}{more}) and `errgen check` reports them",
                outliers.len(),
                shown.join(", ")
            );
        }
        self.notes.push(note(None, message));
    }

    fn prefix_notes(&mut self, groups: &[GroupOut], outcomes: &[(Outcome, Option<usize>)]) {
        for group in groups {
            let Some(prefix) = &group.prefix else {
                continue;
            };
            let codes: Vec<&str> = group
                .items
                .iter()
                .filter_map(|&i| match &outcomes[i].0 {
                    Outcome::Entry(e) => Some(e.code.as_str()),
                    Outcome::Reserved { .. } => None,
                })
                .collect();
            let off: Vec<String> = codes
                .iter()
                .filter(|c| !c.starts_with(prefix.as_str()))
                .map(|c| format!("`{c}`"))
                .collect();
            if !off.is_empty() {
                self.notes.push(note(
                    Some(group.heading_line + 1),
                    format!(
                        "the heading declares the prefix `{prefix}`, which {} of its {} codes lack ({}); `errgen check` reports them",
                        off.len(),
                        codes.len(),
                        off.join(", ")
                    ),
                ));
            }
        }
    }

    fn placeholder_notes(&mut self, outcomes: &[(Outcome, Option<usize>)]) {
        let changed = outcomes
            .iter()
            .filter(|(o, _)| {
                matches!(o, Outcome::Entry(e) if e.meta.iter().any(|(k, _)| k.starts_with("original.")))
            })
            .count();
        if changed > 0 {
            self.notes.push(note(
                None,
                format!(
                    "rewrote the placeholders or braces of {changed} entries' messages to the canonical form; each message as written is kept as `meta original.<locale>`"
                ),
            ));
        }
    }
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `base`, or `base_2`, `base_3`, … whichever is free.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_owned();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// The explicit name of an entry, or `None` when its code names it.
fn entry_name(
    entry: &EntryOut,
    integers: bool,
    taken: &mut HashSet<(&'static str, String)>,
) -> Option<String> {
    let free = |names: &Names, taken: &HashSet<(&'static str, String)>| {
        names
            .forms()
            .iter()
            .all(|(form, case)| !taken.contains(&(*case, (*form).to_owned())))
    };
    let claim = |names: &Names, taken: &mut HashSet<(&'static str, String)>| {
        for (form, case) in names.forms() {
            taken.insert((case, form.to_owned()));
        }
    };
    if !integers {
        let names = Names::new(&entry.code);
        if is_identifier(names.snake()) && free(&names, taken) {
            claim(&names, taken);
            return None;
        }
    }
    let from_message = entry.english().map(|m| {
        let words: String = strip_placeholders(m)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let snake = words.to_snake_case();
        let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).take(6).collect();
        words.join("_")
    });
    let code_word: String = entry
        .code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let base = from_message
        .filter(|n| is_identifier(n) && !n.starts_with('_'))
        .or_else(|| (!code_word.is_empty()).then(|| format!("code_{code_word}")))
        .unwrap_or_else(|| "entry".to_owned());
    let mut name = base.clone();
    let mut n = 2;
    loop {
        let names = Names::new(&name);
        if free(&names, taken) {
            claim(&names, taken);
            return Some(name);
        }
        name = format!("{base}_{n}");
        n += 1;
    }
}

fn strip_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A group's name and prefix from its heading.
fn group_name(heading: &str, ordinal: usize) -> (String, Option<String>) {
    let prefix = heading.char_indices().find_map(|(i, c)| {
        if c != '*' {
            return None;
        }
        let before = &heading[..i];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
            .last()
            .map(|(j, _)| j)?;
        let token = &heading[start..i];
        // `CONFIG_*` or `E1*`, not the emphasis of `*Auth*`.
        let pattern = token.ends_with(['_', '.', '-'])
            || token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        pattern.then(|| token.to_owned())
    });
    let prefix = prefix.filter(|p| p.chars().any(|c| c.is_ascii_alphanumeric()));
    if let Some(p) = &prefix {
        let name = p.to_snake_case();
        if is_identifier(&name) {
            return (name, prefix);
        }
    }
    // Without numbering such as `1.`, `2.3`, `一、`, `(1)`; a number glued
    // to the word after it (`4xx`, `2FA`) is part of that word.
    let mut text = heading.trim();
    let separator = |c: char| matches!(c, '.' | '、' | '．' | ')' | '）' | '(' | '（' | ' ');
    let run = text
        .char_indices()
        .take_while(|(_, c)| {
            c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(*c) || separator(*c)
        })
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let numbered = if text[run..].starts_with(char::is_alphanumeric) {
        text[..run]
            .char_indices()
            .rfind(|(_, c)| separator(*c))
            .map_or(0, |(i, c)| i + c.len_utf8())
    } else {
        run
    };
    if numbered > 0 && text[..numbered].chars().any(|c| !c.is_whitespace()) {
        text = &text[numbered..];
    }
    let ascii: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = ascii.to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("group_{name}");
    }
    if is_identifier(&name) && !name.starts_with('_') {
        (name, prefix)
    } else {
        (format!("group_{ordinal}"), prefix)
    }
}

/// The envelope statement the document's examples suggest, if any.
fn envelope(text: &str) -> Option<String> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    // Every ASCII word, and which of them are JSON keys (`"key":`).
    let mut words: Vec<(&str, bool)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-'))
            {
                i += 1;
            }
            let word = &text[start..i];
            let quoted = start > 0 && bytes[start - 1] == b'"' && bytes.get(i) == Some(&b'"');
            let key = quoted
                && text[i + 1..]
                    .trim_start_matches([' ', '\t', '\\', '"'])
                    .starts_with(':');
            words.push((word, key));
        } else {
            i += 1;
        }
    }
    let find = |set: &[&str], keys_only: bool| -> Option<&str> {
        words
            .iter()
            .find(|(w, key)| (*key || !keys_only) && set.contains(&norm(w).as_str()))
            .map(|(w, _)| *w)
    };
    let mut out = String::new();
    if let Some(sub_code) = find(&["suberrcode", "suberrorcode", "subcode"], false) {
        out.push_str("  envelope two_level {\n");
        if let Some(code) = find(&["errcode", "errorcode"], false) {
            let _ = writeln!(out, "    code {}", encode_plain(code));
        }
        if let Some(m) = find(&["errmessage", "errmsg", "errormessage", "errormsg"], false) {
            let _ = writeln!(out, "    message {}", encode_plain(m));
        }
        let _ = writeln!(out, "    sub_code {}", encode_plain(sub_code));
        if let Some(m) = find(
            &[
                "suberrmessage",
                "suberrmsg",
                "suberrormessage",
                "suberrormsg",
                "submessage",
                "submsg",
            ],
            false,
        ) {
            let _ = writeln!(out, "    sub_message {}", encode_plain(m));
        }
        out.push_str("  }\n");
        return Some(out);
    }
    let code = find(
        &[
            "code",
            "errcode",
            "errorcode",
            "errno",
            "retcode",
            "resultcode",
        ],
        true,
    )?;
    out.push_str("  envelope {\n");
    let _ = writeln!(out, "    code {}", encode_plain(code));
    if let Some(m) = find(
        &[
            "message",
            "msg",
            "errmsg",
            "errormsg",
            "errmessage",
            "errormessage",
            "brief",
        ],
        true,
    ) {
        let _ = writeln!(out, "    message {}", encode_plain(m));
    }
    if let Some(d) = find(&["detail"], true) {
        let _ = writeln!(out, "    detail {}", encode_plain(d));
    }
    out.push_str("  }\n");
    Some(out)
}

/// What the entry `into` gains from `from`, a row of the same code that
/// gives its message in another locale (the page's English table after its
/// Chinese one): `false`, and nothing changed, when `from` gives no new
/// locale (a repeated row is a duplicate code) or the two disagree on a
/// value both give (a status, a text in the same locale, a param's type).
fn merge_entry(into: &mut EntryOut, from: &EntryOut) -> bool {
    fn agree<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
        a.is_none() || b.is_none() || a == b
    }
    fn texts_agree<K: PartialEq, V: PartialEq>(a: &[(K, V)], b: &[(K, V)]) -> bool {
        b.iter()
            .all(|(k, v)| a.iter().all(|(ka, va)| ka != k || va == v))
    }
    let translates = from
        .messages
        .iter()
        .any(|(l, _)| !into.messages.iter().any(|(x, _)| x == l));
    let fits = translates
        && into.success == from.success
        && agree(&into.http, &from.http)
        && agree(&into.grpc, &from.grpc)
        && agree(&into.retryable, &from.retryable)
        && texts_agree(&into.params, &from.params)
        && texts_agree(&into.messages, &from.messages)
        && texts_agree(&into.descriptions, &from.descriptions)
        && texts_agree(&into.causes, &from.causes)
        && texts_agree(&into.remedies, &from.remedies)
        && texts_agree(&into.meta, &from.meta);
    if !fits {
        return false;
    }
    fn add<K: PartialEq + Clone, V: Clone>(into: &mut Vec<(K, V)>, from: &[(K, V)]) {
        for (k, v) in from {
            if !into.iter().any(|(x, _)| x == k) {
                into.push((k.clone(), v.clone()));
            }
        }
    }
    into.http = into.http.or(from.http);
    into.grpc = into.grpc.or(from.grpc);
    into.retryable = into.retryable.or(from.retryable);
    add(&mut into.params, &from.params);
    add(&mut into.messages, &from.messages);
    add(&mut into.descriptions, &from.descriptions);
    add(&mut into.causes, &from.causes);
    add(&mut into.remedies, &from.remedies);
    add(&mut into.meta, &from.meta);
    true
}

/// Joins reserved integer codes of adjacent rows that follow each other
/// (`100103`, `100104`, `100105`) and share a reason into one range.
fn merge_reserved(outcomes: &mut Vec<(Outcome, Option<usize>)>) {
    let mut merged: Vec<(Outcome, Option<usize>)> = Vec::with_capacity(outcomes.len());
    for (outcome, heading) in outcomes.drain(..) {
        if let (
            Some((
                Outcome::Reserved {
                    code: first,
                    last,
                    reason: previous,
                },
                previous_heading,
            )),
            Outcome::Reserved { code, reason, .. },
        ) = (merged.last_mut(), &outcome)
        {
            let end = last.as_deref().unwrap_or(first.as_str());
            let follows = match (end.parse::<u64>(), code.parse::<u64>()) {
                (Ok(a), Ok(b)) => a.checked_add(1) == Some(b),
                _ => false,
            };
            if follows && previous == reason && *previous_heading == heading {
                *last = Some(code.clone());
                continue;
            }
        }
        merged.push((outcome, heading));
    }
    *outcomes = merged;
}

fn code_literal(code: &str, integers: bool) -> String {
    if integers {
        code.to_owned()
    } else {
        encode_plain(code)
    }
}

fn write_outcome(out: &mut String, outcome: &Outcome, integers: bool, indent: &str) {
    match outcome {
        Outcome::Reserved { code, last, reason } => {
            let range = last.as_ref().map_or_else(String::new, |l| format!("..{l}"));
            let _ = writeln!(
                out,
                "{indent}reserved {}{range} {}",
                code_literal(code, integers),
                encode_plain(reason)
            );
        }
        Outcome::Entry(e) => {
            let kind = if e.success { "success" } else { "error" };
            let name = e
                .name
                .as_ref()
                .map_or_else(String::new, |n| format!("{n} = "));
            let _ = writeln!(
                out,
                "{indent}{kind} {name}{} {{",
                code_literal(&e.code, integers)
            );
            let inner = format!("{indent}  ");
            if let Some(http) = e.http {
                let _ = writeln!(out, "{inner}http {http}");
            }
            if let Some(grpc) = e.grpc {
                let _ = writeln!(out, "{inner}grpc {grpc}");
            }
            if let Some(r) = e.retryable {
                let _ = writeln!(out, "{inner}retryable {r}");
            }
            let mut params: Vec<&(ParamKey, &str)> = e.params.iter().collect();
            params.sort_by_key(|(k, _)| match k {
                ParamKey::Index(i) => (0, *i),
                ParamKey::Named(_) => (1, 0),
            });
            for (key, ty) in params {
                match key {
                    ParamKey::Index(i) => {
                        let _ = writeln!(out, "{inner}param {i}: {ty}");
                    }
                    ParamKey::Named(n) => {
                        let _ = writeln!(out, "{inner}param {n}: {ty}");
                    }
                }
            }
            let texts: [(&str, &Vec<(String, String)>); 4] = [
                ("message", &e.messages),
                ("description", &e.descriptions),
                ("cause", &e.causes),
                ("remedy", &e.remedies),
            ];
            for (word, list) in texts {
                for (locale, text) in list {
                    let _ = writeln!(out, "{inner}{word} {locale} {}", encode_plain(text));
                }
            }
            for (key, value) in &e.meta {
                let _ = writeln!(out, "{inner}meta {key} {}", encode_plain(value));
            }
            let _ = writeln!(out, "{indent}}}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear;

    /// A header's meta key keeps `gRPC`-style words whole: a second gRPC
    /// column was kept as `meta g_rpc_code`.
    #[test]
    fn meta_keys_of_headers() {
        assert_eq!(meta_key("gRPC code"), "grpc_code");
        assert_eq!(meta_key("iOS note"), "ios_note");
        assert_eq!(meta_key("errCode"), "err_code");
        assert_eq!(meta_key("Legacy Code"), "legacy_code");
        assert_eq!(meta_key("HTTPStatus"), "http_status");
        assert_eq!(meta_key("错误码"), "错误码");
    }

    /// The check marks of wiki tables read as yes and no: `✅` and `❌` were
    /// reported as "not yes or no" and kept as `meta`.
    #[test]
    fn retryable_marks() {
        for yes in ["Yes", "✓", "✔", "✔\u{FE0F}", "✅", "☑\u{FE0F}", "是"] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["no", "✗", "×", "❌", "✖\u{FE0F}", "否"] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        assert_eq!(yes_no("maybe"), None);
    }

    /// Numbering is taken off a heading, but not a number that is part of
    /// its first word: `4xx Client errors` was the group `xx_client_errors`
    /// and `2FA errors` `fa_errors`.
    #[test]
    fn group_names_keep_numbers_glued_to_words() {
        let name = |heading: &str| group_name(heading, 7).0;
        assert_eq!(name("4xx Client errors"), "group_4xx_client_errors");
        assert_eq!(name("2FA errors"), "group_2fa_errors");
        assert_eq!(name("3. OAuth2 errors"), "o_auth2_errors");
        assert_eq!(name("2.3 Quota"), "quota");
        assert_eq!(name("(1) Legacy"), "legacy");
        assert_eq!(name("一、Login 登录"), "login");
        assert_eq!(name("二、订单模块"), "group_7");
        assert_eq!(name("十大 Top errors"), "top_errors");
        assert_eq!(name("（CONFIG_*）"), "config");
    }

    /// Many placeholders in one cell convert in linear time: each param was
    /// looked up by a scan of those before it, and each unclosed `${` or
    /// `{{` searched the rest of the cell for its brace.
    #[test]
    fn placeholders_convert_linearly() {
        let convert = |text: &String| {
            convert_placeholders(text);
        };
        linear::assert_linear("`%s`", 16_000, |n| "%s ".repeat(n), convert);
        linear::assert_linear(
            "`${N}`",
            8_000,
            |n| (0..n).map(|i| format!("${{P{i}}} ")).collect(),
            convert,
        );
        linear::assert_linear(
            "unclosed `${` and `{{`",
            8_000,
            |n| format!("{}{} }}", "${a ".repeat(n), "{{b ".repeat(n)),
            convert,
        );
        let (text, params) = convert_placeholders("${a {{b}} %s ${c}");
        assert_eq!(text, "${{a {b} {0} {c}");
        assert_eq!(params.len(), 3);
    }
}
