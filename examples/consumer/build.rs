//! Compiles the example catalogs into `OUT_DIR` with errgen's build-script API.

fn main() {
    // The README's recipe, line for line (tests/generate_rust.rs checks that
    // it is): a catalog named differently from its file, included from a
    // private module in src/lib.rs.
    let compiled = errgen::Builder::new()
        .catalog("errors/api.errors")
        .target(errgen::Target::Rust)
        .option("rust.serde", true)
        .compile()
        .unwrap();
    // The module is named after the catalog (`catalog NAME`), not its file:
    // hand its path to the crate.
    let api = compiled
        .file("errors/api.errors", errgen::Target::Rust)
        .unwrap();
    println!("cargo:rustc-env=ERRGEN_API={}", api.display());

    // (catalog, serde): each catalog is its own build so that the options can
    // differ; the bindings fixture is left without serde to show the plain
    // output (every example catalog has serde, so its bodies decode).
    let catalogs = [
        ("../k12.errors", true),
        ("../autoscorer.errors", true),
        ("../function-service.errors", true),
        ("../pipelines.errors", true),
        ("../optverse.errors", true),
        ("../../tests/fixtures/codegen/hostile.errors", true),
        ("../../tests/fixtures/codegen/bindings.errors", false),
        ("../../tests/fixtures/codegen/nested.errors", true),
        ("../../tests/fixtures/syntax/every-item.errors", true),
        ("catalogs/shop.errors", true),
        ("catalogs/legacy.errors", true),
    ];
    for (path, serde) in catalogs {
        errgen::Builder::new()
            .catalog(path)
            .target(errgen::Target::Rust)
            .option("rust.serde", serde)
            .compile()
            .unwrap();
    }
}
