//! `src/generate/expanded/` holds what askama's derive makes of the
//! generators' templates and filters, checked in, so that a crate using errgen
//! from `build.rs` compiles askama's runtime only, not its derive
//! (`askama_macros` → `askama_derive` → `askama_parser` → `winnow`, with `syn`,
//! `quote` and `proc-macro2`): about 6 s on the critical path of a clean build
//! (BENCHMARKS.md, "Build cost for users"). The templates (`templates/`) and the
//! Rust source stay the source of truth; this test runs askama_derive's own code
//! (`derive_template`, `derive_filter_fn`: the library that askama_macros calls)
//! on them and fails when a checked-in file is not what it makes today.
//!
//! What it expands is found by reading `src/generate/**/*.rs` (a new target
//! needs no line here):
//!
//! - a struct or enum marked `#[cfg_attr(feature = "askama-derive",
//!   derive(askama::Template), template(…))]` gets askama's `Template` impls,
//!   in `src/generate/expanded/<file>.rs`, which the module `include!`s after
//!   it (`#[cfg(not(feature = "askama-derive"))]`);
//! - a function marked `#[cfg_attr(feature = "askama-derive",
//!   askama::filter_fn)]` in a module `m` gets askama's filter builder, in
//!   `src/generate/expanded/<file>.<m>.rs`, `include!`d at the end of `m`.
//!   The function stays a plain function and is the only copy of its body:
//!   askama is given the function with its body replaced by a call to it, so
//!   that the builder's `execute` forwards to it (a braced struct and a
//!   function of the same name live in different namespaces).
//!
//! With the `askama-derive` feature (for work on errgen only) the library is
//! compiled by askama's derive as the marks say, and the expansions are left
//! out. askama's `include_bytes!` of the template files (how a derive tells
//! cargo to rebuild when a template changes) is dropped from the expansions:
//! the build reads no template now, and the paths are absolute paths of the
//! checkout that made them.
//!
//! After editing a template, a marked struct or a filter, or bumping askama:
//! `ERRGEN_REGENERATE=1 cargo test --test templates_expanded`; if the library
//! no longer compiles with the old expansions (a field renamed, a filter
//! removed), add `--features askama-derive`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, FnArg, Item, Meta, Pat, Token};

/// Where the expansions are written, under `src/generate/`.
const EXPANDED: &str = "expanded";

/// The command that rewrites the expansions.
const REGENERATE: &str = "ERRGEN_REGENERATE=1 cargo test --test templates_expanded";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn generate_dir() -> PathBuf {
    root().join("src/generate")
}

/// What askama_macros gives its derive to find the `askama` crate.
fn import_askama() -> TokenStream {
    quote!(
        extern crate askama;
    )
}

/// The Rust files under `src/generate/` (not the expansions), sorted, as
/// paths relative to it with `/` separators.
fn sources() -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read src/generate")
            .map(|e| e.expect("a directory entry"))
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().into_string().expect("a UTF-8 file name");
            let rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().expect("a file type").is_dir() {
                if rel != EXPANDED {
                    walk(&entry.path(), &rel, out);
                }
            } else if name.ends_with(".rs") {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(&generate_dir(), "", &mut out);
    out
}

/// The attributes with every `cfg_attr(feature = "askama-derive", …)`
/// replaced by what it holds, as if the feature were on; `None` when there
/// was none.
fn expanded_attrs(attrs: &[Attribute]) -> Option<Vec<Attribute>> {
    let mut found = false;
    let mut out = Vec::new();
    for attr in attrs {
        if attr.path().is_ident("cfg_attr") {
            let metas = attr
                .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .expect("cfg_attr(predicate, attributes…)");
            let mut metas = metas.into_iter();
            if metas.next().is_some_and(|cfg| is_marker(&cfg)) {
                found = true;
                out.extend(metas.map(|meta| -> Attribute { syn::parse_quote!(#[#meta]) }));
                continue;
            }
        }
        out.push(attr.clone());
    }
    found.then_some(out)
}

/// Whether a `cfg_attr`'s predicate is `feature = "askama-derive"`.
fn is_marker(cfg: &Meta) -> bool {
    cfg.to_token_stream().to_string() == quote!(feature = "askama-derive").to_string()
}

/// The last segment of a path, as text.
fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// Whether `attr` is a `derive(…)` that names `Template`.
fn derives_template(attr: &Attribute) -> bool {
    attr.path().is_ident("derive")
        && attr
            .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            .is_ok_and(|paths| paths.iter().any(|p| last_segment(p) == "Template"))
}

/// The expansions of one module of one source file.
#[derive(Default)]
struct Module {
    /// The source file, relative to `src/generate/`.
    source: String,
    /// The module's path in that file (empty at its top).
    path: Vec<String>,
    /// The names of the templates and filters, for the header.
    names: Vec<String>,
    items: Vec<Item>,
}

/// Every expansion, by the file it goes to (relative to `src/generate/`).
fn expansions() -> BTreeMap<String, Module> {
    let mut out = BTreeMap::new();
    for source in sources() {
        let text = std::fs::read_to_string(generate_dir().join(&source)).expect("a source file");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("src/generate/{source}: {e}"));
        walk(&source, &[], &file.items, &mut out);
    }
    out
}

/// Expands what is marked in `items` (the module `path` of `source`), and
/// in its inline modules. The expansion of `src/generate/a/b.rs`, module
/// `m::n`, goes to `expanded/a.b.m.n.rs`.
fn walk(source: &str, path: &[String], items: &[Item], out: &mut BTreeMap<String, Module>) {
    let stem = source
        .strip_suffix(".rs")
        .expect("a .rs file")
        .replace('/', ".");
    let target: String = std::iter::once(stem)
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join(".");
    for item in items {
        match item {
            Item::Struct(syn::ItemStruct { attrs, .. })
            | Item::Enum(syn::ItemEnum { attrs, .. }) => {
                let Some(attrs) = expanded_attrs(attrs) else {
                    continue;
                };
                if !attrs.iter().any(derives_template) {
                    continue;
                }
                let (name, input) = template_input(item, attrs);
                let expansion = askama_derive::derive_template(input, import_askama);
                let module = module(out, source, path, &target);
                module.items.extend(parse(source, &name, expansion));
                module.names.push(format!("`{name}`"));
            }
            Item::Fn(function) => {
                let Some(attrs) = expanded_attrs(&function.attrs) else {
                    continue;
                };
                if !attrs.iter().any(|a| last_segment(a.path()) == "filter_fn") {
                    continue;
                }
                let name = function.sig.ident.to_string();
                let expansion = askama_derive::derive_filter_fn(
                    TokenStream::new(),
                    forwarding(function).into_token_stream(),
                    import_askama,
                );
                let mut items = parse(source, &name, expansion);
                items
                    .iter_mut()
                    .for_each(|item| Unbrace.visit_item_mut(item));
                let module = module(out, source, path, &target);
                module.items.extend(items);
                module.names.push(format!("`{name}`"));
            }
            Item::Mod(syn::ItemMod {
                ident,
                content: Some((_, items)),
                ..
            }) => {
                let mut path = path.to_vec();
                path.push(ident.to_string());
                walk(source, &path, items, out);
            }
            _ => {}
        }
    }
}

/// The expansions of module `path` of `source`, which go to `<target>.rs`.
fn module<'m>(
    out: &'m mut BTreeMap<String, Module>,
    source: &str,
    path: &[String],
    target: &str,
) -> &'m mut Module {
    out.entry(format!("{EXPANDED}/{target}.rs"))
        .or_insert_with(|| Module {
            source: source.to_owned(),
            path: path.to_vec(),
            ..Module::default()
        })
}

/// A template struct as askama's derive receives it: the attributes as if
/// the feature were on, without the `derive` itself.
fn template_input(item: &Item, attrs: Vec<Attribute>) -> (String, TokenStream) {
    let attrs: Vec<_> = attrs
        .into_iter()
        .filter(|a| !a.path().is_ident("derive"))
        .collect();
    match item.clone() {
        Item::Struct(mut s) => {
            s.attrs = attrs;
            (s.ident.to_string(), s.into_token_stream())
        }
        Item::Enum(mut e) => {
            e.attrs = attrs;
            (e.ident.to_string(), e.into_token_stream())
        }
        _ => unreachable!("only structs and enums are templates"),
    }
}

/// The filter function as askama's `filter_fn` receives it, with its body
/// replaced by a call to the function itself: `self::name(args…)`, so that
/// the body is written and compiled once. Arguments named `_` get a name,
/// `mut` goes (the builder only passes them on).
fn forwarding(function: &syn::ItemFn) -> syn::ItemFn {
    let mut function = function.clone();
    function.attrs.clear();
    let mut args = Vec::new();
    for (i, input) in function.sig.inputs.iter_mut().enumerate() {
        let FnArg::Typed(arg) = input else {
            panic!(
                "filter `{}`: a filter is a free function",
                function.sig.ident
            )
        };
        if let Some(attrs) = expanded_attrs(&arg.attrs) {
            arg.attrs = attrs;
        }
        let ident = match &mut *arg.pat {
            Pat::Ident(pat) => {
                pat.mutability = None;
                pat.ident.clone()
            }
            Pat::Wild(_) => {
                let ident = format_ident!("__arg{i}");
                *arg.pat = syn::parse_quote!(#ident);
                ident
            }
            _ => panic!(
                "filter `{}`: askama takes only named arguments",
                function.sig.ident
            ),
        };
        args.push(ident);
    }
    let name = &function.sig.ident;
    *function.block = syn::parse_quote!({ self::#name(#(#args),*) });
    function
}

/// askama's output as items, without the `include_bytes!` of template files.
fn parse(source: &str, name: &str, expansion: TokenStream) -> Vec<Item> {
    let text = expansion.to_string();
    assert!(
        !text.contains("compile_error"),
        "askama cannot expand `{name}` of src/generate/{source}:\n{text}"
    );
    let mut file: syn::File = syn::parse2(expansion).expect("askama's output parses");
    DropIncludes.visit_file_mut(&mut file);
    for item in &mut file.items {
        // clippy does not lint a proc macro's output; checked in, it would.
        let attrs = match item {
            Item::Const(i) => &mut i.attrs,
            Item::Struct(i) => &mut i.attrs,
            Item::Impl(i) => &mut i.attrs,
            Item::Fn(i) => &mut i.attrs,
            Item::Trait(i) => &mut i.attrs,
            Item::Enum(i) => &mut i.attrs,
            _ => panic!("askama's output for `{name}` has an item of a new kind"),
        };
        attrs.insert(0, syn::parse_quote!(#[allow(clippy::all)]));
    }
    file.items
}

/// Removes `const _: &[u8] = include_bytes!(…);` statements.
struct DropIncludes;

impl VisitMut for DropIncludes {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|stmt| {
            let syn::Stmt::Item(Item::Const(c)) = stmt else {
                return true;
            };
            !matches!(&*c.expr, syn::Expr::Macro(m) if last_segment(&m.mac.path) == "include_bytes")
        });
        syn::visit_mut::visit_block_mut(self, block);
    }
}

/// Takes the call in a filter builder's `execute` out of the braces of the
/// body it replaced (`unused_braces`).
struct Unbrace;

impl VisitMut for Unbrace {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if function.sig.ident != "execute" {
            return;
        }
        if let Some(syn::Stmt::Expr(syn::Expr::Block(body), None)) = function.block.stmts.last() {
            if let [call @ syn::Stmt::Expr(_, None)] = &body.block.stmts[..] {
                let call = call.clone();
                *function.block.stmts.last_mut().unwrap() = call;
            }
        }
    }
}

/// A checked-in file's text.
fn text(module: &Module) -> String {
    let inner = match module.path.is_empty() {
        true => String::new(),
        false => format!(", module `{}`", module.path.join("::")),
    };
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: module.items.clone(),
    };
    format!(
        "// @generated by askama_derive {} from src/generate/{}{} ({}) and templates/: do not edit.\n\
         // Regenerate with `{REGENERATE}`.\n\n{}",
        askama_derive_version(),
        module.source,
        inner,
        module.names.join(", "),
        prettyplease::unparse(&file)
    )
}

/// The version of a package in the lock file.
fn locked_version(package: &str) -> String {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let key = format!("name = \"{package}\"\nversion = \"");
    let at = lock
        .find(&key)
        .unwrap_or_else(|| panic!("{package} in Cargo.lock"));
    let rest = &lock[at + key.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// askama_derive's version, which must be askama's: the expansions call
/// askama's `#[doc(hidden)]` helpers of that version.
fn askama_derive_version() -> String {
    let derive = locked_version("askama_derive");
    let askama = locked_version("askama");
    assert_eq!(
        derive, askama,
        "askama_derive (dev-dependency) and askama must be the same version"
    );
    derive
}

/// The files in `src/generate/expanded/`, relative to `src/generate/`.
fn checked_in() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(generate_dir().join(EXPANDED))
        .map(|dir| {
            dir.map(|e| {
                format!(
                    "{EXPANDED}/{}",
                    e.expect("an entry").file_name().to_string_lossy()
                )
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn the_checked_in_expansions_are_what_askama_makes() {
    let want: BTreeMap<String, String> = expansions()
        .iter()
        .map(|(path, module)| (path.clone(), text(module)))
        .collect();
    assert!(!want.is_empty(), "no template found in src/generate/");
    let manifest = root().to_string_lossy();
    for (path, text) in &want {
        assert!(
            !text.contains(&*manifest),
            "{path} names this checkout's folder"
        );
    }
    if std::env::var_os("ERRGEN_REGENERATE").is_some_and(|v| v != "0") {
        std::fs::create_dir_all(generate_dir().join(EXPANDED))
            .expect("create src/generate/expanded");
        for stale in checked_in().iter().filter(|p| !want.contains_key(*p)) {
            std::fs::remove_file(generate_dir().join(stale)).expect("remove a stale expansion");
        }
        for (path, text) in &want {
            std::fs::write(generate_dir().join(path), text).expect("write an expansion");
        }
        return;
    }
    let mut wrong = Vec::new();
    for (path, text) in &want {
        if std::fs::read_to_string(generate_dir().join(path))
            .ok()
            .as_deref()
            != Some(text.as_str())
        {
            wrong.push(format!(
                "src/generate/{path} is not what askama makes today"
            ));
        }
    }
    for stale in checked_in().iter().filter(|p| !want.contains_key(*p)) {
        wrong.push(format!(
            "src/generate/{stale} expands nothing that is marked"
        ));
    }
    assert!(
        wrong.is_empty(),
        "{}; regenerate with `{REGENERATE}`",
        wrong.join("; ")
    );
}
