//! Uses the Rust modules that errgen generates, the way a backend crate
//! does: `build.rs` compiles the catalogs into `OUT_DIR` and each module
//! below `include!`s one of them. The tests in `tests/` exercise them.
#![deny(warnings, missing_docs)]

/// The k12 learning framework: integer codes, a success code.
pub mod k12 {
    include!(concat!(env!("OUT_DIR"), "/k12.rs"));
}

/// autoscorer: string codes, stages, an envelope with a constant and params.
pub mod autoscorer {
    include!(concat!(env!("OUT_DIR"), "/autoscorer.rs"));
}

/// The function service: three-part codes, a two-level envelope, Chinese first.
pub mod function_service {
    include!(concat!(env!("OUT_DIR"), "/function_service.rs"));
}

/// Kubeflow pipeline troubleshooting: Korean first, upstream classification.
pub mod pipelines {
    include!(concat!(env!("OUT_DIR"), "/pipelines.rs"));
}

/// The OptVerse solver service: two prefixes, positional params, aliases.
pub mod optverse {
    include!(concat!(env!("OUT_DIR"), "/optverse.rs"));
}

/// Strings and names chosen to break generators that do not escape.
pub mod hostile {
    include!(concat!(env!("OUT_DIR"), "/hostile.rs"));
}

/// Params named after the locals the generated code binds, and keywords; no serde.
pub mod bindings {
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
}

/// An envelope that nests the error object, aliases, a replaced entry.
pub mod nested {
    include!(concat!(env!("OUT_DIR"), "/nested.rs"));
}

/// Every statement of the language: records, a wire param, meta, upstreams
/// that read a field, a trailer and the text, a success envelope.
pub mod every {
    include!(concat!(env!("OUT_DIR"), "/every.rs"));
}

/// The consumer's own catalog: a problem+json envelope and typed params.
pub mod shop {
    include!(concat!(env!("OUT_DIR"), "/shop.rs"));
    include!(concat!(env!("OUT_DIR"), "/legacy.rs"));
}

/// Integer codes that answer to aliases, one beyond 32 bits.
pub mod legacy {
    include!(concat!(env!("OUT_DIR"), "/legacy.rs"));
}

/// Two catalogs in one module: their type names do not clash.
pub mod together {
    include!(concat!(env!("OUT_DIR"), "/k12.rs"));
    include!(concat!(env!("OUT_DIR"), "/optverse.rs"));
}

// The README's recipe, line for line: a private module, nothing of it used,
// and no `dead_code` warning (the generated items allow it themselves).
mod api {
    include!(env!("ERRGEN_API"));
}

/// Every catalog again in a private module, as a binary crate includes them:
/// clippy lints private items that it spares in a public API, so this keeps
/// the generated code honest there too, and the crate seldom uses every
/// generated item, which must not warn.
mod private {
    include!(concat!(env!("OUT_DIR"), "/k12.rs"));
    include!(concat!(env!("OUT_DIR"), "/autoscorer.rs"));
    include!(concat!(env!("OUT_DIR"), "/function_service.rs"));
    include!(concat!(env!("OUT_DIR"), "/pipelines.rs"));
    include!(concat!(env!("OUT_DIR"), "/optverse.rs"));
    include!(concat!(env!("OUT_DIR"), "/hostile.rs"));
    include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
    include!(concat!(env!("OUT_DIR"), "/shop.rs"));
    include!(concat!(env!("OUT_DIR"), "/legacy.rs"));
}
