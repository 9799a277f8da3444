//! errgen: a compiler for API error catalogs.
//!
//! A catalog (`*.errors`) goes through one module per stage:
//! [`parse`] (grammar → syntax tree), [`ir`] (resolved catalog),
//! [`check`] (rules → [`Diagnostic`](diagnostic::Diagnostic)s), then the
//! generators. [`Workspace`](workspace::Workspace) runs the pipeline over
//! several files at once; [`render`] prints diagnostics for people (rustc
//! style) or machines (JSON lines, SARIF, GitHub annotations); [`fmt`] prints the canonical form.
//! [`compile()`] plans and writes a compile (the command line's `errgen
//! compile` and [`Builder`] both call it).
//!
//! ```
//! use errgen::workspace::Workspace;
//!
//! let catalog = r#"
//! catalog shop {
//!   locales en, zh
//!   format "SHOP_{digits:4}"
//! }
//!
//! error out_of_stock = "SHOP_0001" {
//!   http 409
//!   param item: string
//!   message en "{item} is out of stock."
//!   message zh "{item} 已售罄。"
//! }
//!
//! error "SHOP.0002" {
//!   message en "The basket is empty."
//!   message zh "购物车是空的。"
//! }
//! "#;
//! let mut workspace = Workspace::new();
//! workspace.add_bytes("shop.errors", None, catalog.as_bytes());
//! let analysis = workspace.analyze();
//!
//! let entry = &analysis.catalogs[0].entries[0];
//! assert_eq!(entry.name.upper_camel(), "OutOfStock");
//! assert_eq!(entry.http, Some(409));
//!
//! let rules: Vec<&str> = analysis.diagnostics.iter().map(|d| d.rule.name()).collect();
//! assert_eq!(rules, ["malformed-code"]);
//! let text = errgen::render::human(&analysis.diagnostics[0], &analysis.sources, false);
//! assert!(text.contains("expected `_`, found `.`"));
//! assert!(text.contains("help: did you mean `SHOP_0002`?"));
//! ```

// A build with some targets left out (cargo features, one per target) leaves
// parts of what the targets share unused (and with none, `Target` has no
// value, so code that handles one is unreachable); the build with every
// target (`every-target`, the default's), which CI lints, keeps all of it
// honest.
#![cfg_attr(
    not(feature = "every-target"),
    allow(
        dead_code,
        unused_imports,
        unreachable_code,
        unused_mut,
        unused_variables
    )
)]

// pest is used without its `std` feature (see Cargo.toml); the parser it
// derives then names `alloc` directly.
extern crate alloc;

pub mod builder;
pub mod check;
pub mod compile;
#[cfg(feature = "config")]
pub mod config;
pub mod diagnostic;
#[cfg(feature = "diff")]
pub mod diff;
pub mod fix;
pub mod fmt;
pub mod foreign;
pub mod generate;
mod hash;
#[cfg(feature = "import")]
pub mod import;
pub mod invisible;
pub mod ir;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod output;
mod parallel;
pub mod parse;
#[cfg(feature = "refs")]
pub mod refs;
pub mod render;
pub mod script;
pub mod source;
pub mod suggest;
#[cfg(test)]
mod test_support;
pub mod workspace;

/// The two-size complexity check the integration tests use too.
#[cfg(test)]
#[path = "../tests/support/linear.rs"]
mod linear;

pub use builder::{BuildError, Builder, Compiled, CompiledCatalog};
pub use compile::{compile, CompileReport, CompileRequest};
pub use generate::Target;
