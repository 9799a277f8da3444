//! errgen: a compiler for API error catalogs.
//!
//! A catalog (`*.errors`) is parsed ([`parse`]), lowered to a resolved
//! intermediate representation ([`ir`]), checked ([`check`]) and then handed
//! to generators. [`Workspace`](workspace::Workspace) runs the pipeline over
//! several files at once and collects [`Diagnostic`](diagnostic::Diagnostic)s.

pub mod diagnostic;
pub mod parse;
pub mod source;
pub mod suggest;
