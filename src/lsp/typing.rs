//! Edits as an editor sends them, held to the edited texts opened afresh:
//! what an edit does not redo (the incremental parse from the last tree,
//! remembered patterns, kept findings of unchanged catalogs, the checker's
//! copies of the texts) must give what a new server given the same texts
//! gives. Shared by the state's tests (a project) and the fuzz targets (a
//! document alone).

use super::state::State;
use crate::source::FileId;
use lsp_types::{TextDocumentContentChangeEvent, Uri};

/// What an edit inserts: text that breaks the syntax or mends it, moves
/// item boundaries or opens a comment, codes of the seeds, a placeholder,
/// a non-ASCII letter, an item, a statement, an upstream pattern. Public
/// for the fuzz harness, whose reparse edits draw from it too.
pub const INSERTS: &[&str] = &[
    "",
    "x",
    "}",
    "{",
    "\"",
    " \"why\"",
    "\n",
    "// note\n",
    "é",
    "OptVerse_12030007",
    "100101",
    "{name}",
    "\nreserved 9",
    "\ngroup g \"G\" {\n",
    "  http 404\n",
    "\nerror again = \"AGAIN_1\" {\n  message en \"Again {n}.\"\n}\n",
    "\n  upstream {\n    match r\"no (?<n>[0-9]+)\"\n  }\n",
];

/// A small deterministic generator of pseudo-random numbers (a linear
/// congruential one), for tests that try many cases of one shape: the
/// state's and the line index's tests, and the fuzz harness, which seeds
/// it from its input.
pub struct Lcg(pub u64);

impl Lcg {
    /// A number below `n` (0 for `n` = 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % n.max(1)
    }
}

/// The documents' texts, by URI.
pub(crate) type Texts = [(Uri, String)];

/// Makes `count` edits of the open documents `opened` of `state`, each at
/// a place and with a text drawn from `random`, as ranged changes; after
/// each, and after taking it back (every edit that breaks the syntax, half
/// the others, so that the texts stay catalogs),
/// checks the set of the edited file and compares every file of `set`
/// (diagnostics and catalog, spans included) with a state that `fresh`
/// makes of the documents' texts. Panics at the first difference. Returns
/// how many checks there were, and in how many the edited file parsed.
pub(crate) fn edit_and_compare(
    state: &mut State,
    opened: &[Uri],
    set: &[FileId],
    fresh: &dyn Fn(&Texts) -> State,
    random: &mut Lcg,
    count: usize,
) -> (usize, usize) {
    let seen = |state: &State, id: FileId| {
        let file = state.file(id);
        format!("{:?}\n{:?}", file.diagnostics, state.catalog(id))
    };
    let change = |range, text: &str| TextDocumentContentChangeEvent {
        range: Some(range),
        range_length: None,
        text: text.to_owned(),
    };
    let mut below = |n| random.below(n);
    let (mut checks, mut parsed) = (0, 0);
    for _ in 0..count {
        let uri = &opened[below(opened.len())];
        let id = state.find(uri).expect("an open document");
        let file = state.file(id);
        let text = file.analyzed();
        let floor = |mut at: usize| {
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let start = floor(below(text.len() + 1));
        // Half the edits insert only (mostly into a message, which keeps
        // the text a catalog), half replace up to 29 bytes.
        let removing = below(2) * below(30);
        let end = floor((start + removing).min(text.len()));
        let removed = text[start..end].to_owned();
        let inserted = INSERTS[below(INSERTS.len())];
        let range = file.index.range(&file.text, start, end);
        state.change(uri, vec![change(range, inserted)]);
        let mut back = below(2) == 0;
        for step in 0..2 {
            if step == 1 {
                if !back {
                    break;
                }
                let file = state.file(id);
                let range = file.index.range(&file.text, start, start + inserted.len());
                state.change(uri, vec![change(range, &removed)]);
            }
            state.check(&state.set_of(id));
            state.free_replaced();
            back |= state.catalog(id).is_none();
            // While it does not parse, the last catalog that did answers:
            // what it maps to the text of now is the text it was made of.
            if let Some(analysis) = state.analysis(id).filter(|a| a.is_earlier()) {
                let now = state.file(id).analyzed();
                for entry in &analysis.catalog.entries {
                    for span in [entry.spans.code, entry.spans.entry] {
                        if let Some(mapped) = analysis.span_within(span) {
                            assert_eq!(
                                now.get(mapped.start..mapped.end),
                                analysis.text.get(span.start..span.end),
                                "after check {checks} ({inserted:?} at {start}..{end})",
                            );
                        }
                    }
                }
            }
            parsed += usize::from(state.catalog(id).is_some());
            let texts: Vec<(Uri, String)> = opened
                .iter()
                .map(|uri| {
                    let id = state.find(uri).expect("an open document");
                    (uri.clone(), state.file(id).text.clone())
                })
                .collect();
            let fresh = fresh(&texts);
            for &file in set {
                assert_eq!(
                    seen(state, file),
                    seen(&fresh, file),
                    "{} after check {checks} ({inserted:?} at {start}..{end})",
                    state.file(file).uri.as_str(),
                );
            }
            checks += 1;
        }
    }
    (checks, parsed)
}

/// [`edit_and_compare`] of `text` open alone (no project): eight edits
/// drawn from `seed`. Public for the fuzz targets, which edit every input
/// so.
#[doc(hidden)]
pub fn edits_check_as_opened(text: &str, seed: u64) {
    let uri: Uri = "untitled:fuzz.errors".parse().expect("a URI");
    let open = |texts: &Texts| {
        let mut state = State::default();
        for (uri, text) in texts {
            let id = state.edit(uri, text.clone());
            state.check(&state.set_of(id));
        }
        state
    };
    let mut state = open(&[(uri.clone(), text.to_owned())]);
    let set = [state.find(&uri).expect("open")];
    edit_and_compare(&mut state, &[uri], &set, &open, &mut Lcg(seed), 8);
}
