//! errgen: a compiler for API error catalogs.
//!
//! A catalog (`*.errors`) goes through one module per stage:
//! [`parse`] (grammar → syntax tree), [`ir`] (resolved catalog),
//! [`check`] (rules → [`Diagnostic`](diagnostic::Diagnostic)s), then the
//! generators. [`Workspace`](workspace::Workspace) runs the pipeline over
//! several files at once; [`render`] prints diagnostics for people (rustc
//! style) or machines (JSON lines); [`fmt`] prints the canonical form.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod fmt;
pub mod ir;
pub mod parse;
pub mod render;
pub mod source;
pub mod suggest;
pub mod workspace;
