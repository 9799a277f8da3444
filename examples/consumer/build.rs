//! Compiles the example catalogs into `OUT_DIR` with errgen's build-script API.

fn main() {
    // (catalog, serde): each catalog is its own build so that the options can
    // differ; optverse is left without serde to show the plain output.
    let catalogs = [
        ("../k12.errors", true),
        ("../autoscorer.errors", true),
        ("../function-service.errors", true),
        ("../pipelines.errors", true),
        ("../optverse.errors", false),
        ("../../tests/fixtures/codegen/hostile.errors", true),
        ("../../tests/fixtures/codegen/bindings.errors", true),
        ("catalogs/shop.errors", true),
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
