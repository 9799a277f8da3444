//! The IR target: snapshots of every catalog file of the generator tests,
//! the IR of each and of the catalogs below valid against
//! `schema/ir.schema.json` (checked with the `jsonschema` package,
//! pinned, in a venv), broken IR rejected, the schema naming exactly the
//! fields the file holds, and its `ir_version`.

mod support;

use errgen::generate::ir::IR_VERSION;
use errgen::generate::{GeneratedFile, Options, Target};
use errgen::ir::Catalog;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use support::{check_py, load, load_source, output_text, stem};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/ir.schema.json");

/// A flat catalog that sets every optional part of the IR: title, version,
/// docs, options (a flag and a choice), stages, an envelope with a `const` and
/// an extra field, nested groups with a range and a prefix, an entry with
/// every property (positional and named params, escaped braces, upstream
/// with every condition, meta of each value type), an implicit param, a
/// deprecation with its replacement, a success code, reserved codes and
/// ranges.
const FULL: &str = r#"
catalog full "Every field" {
  version 1.0.0
  locales en, de
  format "FULL_{digits:4}"
  stages parse, run
  envelope {
    const "ok" = false
    code "code"
    message "message"
    detail "detail"
    stage "stage"
    params "params"
    field "trace": string optional
    field "hints": list<hint> optional
  }
  envelope cli "CLI output" {
    const "status" = "error"
    error "error" {
      code "code"
      message "message"
    }
  }
  envelope done {
    data "data": map<string, any>
  }
  envelopes default, cli
  description en "A catalog that sets everything."
  docs "https://docs.example.com/full"
  option rust.serde true
  option openapi.format "json"
  upstream legacy "The legacy service" {
    status http
    grpc field "status.code"
    message field "error.message"
    field reason "details[0].reason"
  }
  upstream other {
    grpc trailer
    message text
  }
}

type hint {
  field text: string
  field weight: float optional
  field extra: map<string, any>
}

success fine = "FULL_0000" {
  message en "Fine."
  message de "Gut."
}

group outer "Outer" {
  range 1000..1999
  description en "The outer group."
  http 400
  stage parse
  meta owner "platform"

  group inner "Inner" {
    prefix "FULL_1"
    remedy en "Try again."

    error bad_input = "FULL_1001" {
      alias "FULL_01001" "published with five digits"
      param 0 as field: string
      param count: int
      message en "Field {0} is bad ({count} times) {{literal}}."
      message de "Feld {0} ist schlecht ({count} mal) {{wörtlich}}."
      description en "Longer text."
      cause en "A cause."
      grpc INVALID_ARGUMENT
      retryable
      docs "https://docs.example.com/full/1001"
      meta weight 3
      meta public true
      upstream legacy {
        http 400
        grpc INVALID_ARGUMENT
        match r"field (?<field>\w+)"
        contains reason "bad"
      }
    }

    reserved "FULL_1002" "retired"
    reserved 1003..1005 "free"
  }
}

error old = "FULL_2001" {
  deprecated "superseded"
  replaced_by bad_input
  stage run
  message en "Old {thing}."
  message de "Alt {thing}."
}
"#;

/// The other envelope shapes (their `type_base` is only set here).
const PROBLEM: &str = r#"
catalog problem {
  envelope problem {
    type_base "https://errors.example.com/"
    code "code"
    params "params"
  }
}

error "P_ONE" {
  message "One {x}."
}
"#;

const TWO_LEVEL: &str = r#"
catalog two_level {
  envelope two_level {
    code "errCode"
    message "errMessage"
    sub_code "subErrCode"
    sub_message "subErrMessage"
  }
}

error "T_ONE" {
  message "One."
}
"#;

fn ir(catalog: &Catalog) -> GeneratedFile {
    let mut files = Target::Ir.generate(catalog, &Options::new());
    assert_eq!(files.len(), 1, "one file per catalog");
    files.remove(0)
}

/// The IR file of `catalog`, read back.
fn ir_value(catalog: &Catalog) -> Value {
    serde_json::from_str(&ir(catalog).content).unwrap()
}

/// Every catalog file of the generator tests, then the inline catalogs.
fn all_catalogs() -> Vec<(String, Catalog)> {
    let mut catalogs: Vec<(String, Catalog)> = support::catalog_files()
        .iter()
        .map(|p| (stem(p), load(p)))
        .collect();
    for (name, source) in [
        ("full", FULL),
        ("problem", PROBLEM),
        ("two-level", TWO_LEVEL),
    ] {
        catalogs.push((name.into(), load_source(&format!("{name}.errors"), source)));
    }
    catalogs
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    all_catalogs()
        .iter()
        .map(|(name, catalog)| {
            let path = dir.join(format!("{name}.ir.json"));
            std::fs::write(&path, ir(catalog).content).unwrap();
            path
        })
        .collect()
}

fn schema() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap()
}

#[test]
fn snapshots_of_every_catalog() {
    for path in support::catalog_files() {
        let catalog = load(&path);
        let file = ir(&catalog);
        assert_eq!(
            file.path,
            PathBuf::from(format!("{}.ir.json", catalog.name.snake()))
        );
        insta::assert_snapshot!(format!("{}.ir.json", stem(&path)), file.content);
    }
}

#[test]
fn the_file_is_the_serialised_ir() {
    for (name, catalog) in all_catalogs() {
        let file = ir(&catalog);
        assert!(
            file.content.ends_with("}\n") && !file.content.ends_with("\n\n"),
            "{name}: one final newline"
        );
        // The version first, then the serialised catalog.
        let version = format!("{{\n  \"ir_version\": {IR_VERSION},\n");
        assert!(file.content.starts_with(&version), "{name}: version first");
        let mut read: Value = serde_json::from_str(&file.content).unwrap();
        read.as_object_mut().unwrap().remove("ir_version");
        assert_eq!(read, serde_json::to_value(&catalog).unwrap(), "{name}");
        assert_eq!(ir(&catalog), file, "{name}: deterministic");
    }
    // Invisible characters are escaped, and read back as they were.
    let hostile = load(Path::new("tests/fixtures/codegen/hostile.errors"));
    let content = ir(&hostile).content;
    assert!(content.contains(r"\u200fmark\u200e") && content.contains(r"\u007f delete"));
    assert!(!content.contains('\u{200f}') && !content.contains('\u{7f}'));
}

#[test]
fn every_example_is_valid_against_the_schema() {
    let dir = support::temp_dir();
    let files = write_all(dir.path());
    let mut args = vec!["ir".to_owned(), SCHEMA.to_owned()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = check_py(&args);
    assert!(output.status.success(), "{}", output_text(&output));
}

#[test]
fn the_schema_rejects_broken_ir() {
    let catalog = load(Path::new("examples/k12.errors"));
    let good = ir_value(&catalog);
    let mut broken: Vec<(&str, Value)> = Vec::new();
    let mut no_version = good.clone();
    no_version.as_object_mut().unwrap().remove("ir_version");
    broken.push(("missing-version", no_version));
    let mut other_version = good.clone();
    other_version["ir_version"] = (IR_VERSION + 1).into();
    broken.push(("other-version", other_version));
    let mut missing = good.clone();
    missing["entries"][1]
        .as_object_mut()
        .unwrap()
        .remove("retryable");
    broken.push(("missing-field", missing));
    let mut unknown = good.clone();
    unknown["entries"][1]["colour"] = "red".into();
    broken.push(("unknown-field", unknown));
    let mut wrong_type = good.clone();
    wrong_type["entries"][1]["http"] = "404".into();
    broken.push(("wrong-type", wrong_type));
    let mut bad_enum = good.clone();
    bad_enum["code_kind"] = "float".into();
    broken.push(("bad-enum", bad_enum));
    let mut bad_segment = good.clone();
    bad_segment["entries"][1]["messages"][0]["template"]["segments"][0] =
        serde_json::json!({"text": "a", "placeholder": {"key": {"named": "x"}, "param": 0}});
    broken.push(("bad-segment", bad_segment));

    let dir = support::temp_dir();
    let good_path = dir.path().join("good.ir.json");
    std::fs::write(&good_path, serde_json::to_string(&good).unwrap()).unwrap();
    let output = check_py(&["ir", SCHEMA, &good_path.display().to_string()]);
    assert!(output.status.success(), "{}", output_text(&output));
    for (name, value) in broken {
        let path = dir.path().join(format!("{name}.ir.json"));
        std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
        let output = check_py(&["ir", SCHEMA, &path.display().to_string()]);
        assert!(
            !output.status.success(),
            "{name}: the schema accepted broken IR:\n{}",
            output_text(&output)
        );
        assert!(output_text(&output).contains(&format!("{name}.ir.json: ")));
    }
}

/// Every schema node (objects and arrays walked), with its JSON pointer.
fn schema_nodes<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            out.push((at.clone(), value));
            for (k, v) in map {
                schema_nodes(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                schema_nodes(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_schema_is_closed_and_documented() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut nodes = Vec::new();
    schema_nodes(&schema, String::new(), &mut nodes);
    for (at, node) in nodes {
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            continue;
        };
        // `properties` of a node named "properties" is a property called so.
        if at.ends_with("/properties") {
            continue;
        }
        assert_eq!(node["additionalProperties"], false, "{at}: closed");
        let keys: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        let required: BTreeSet<&str> = node["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{at}: required"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(keys, required, "{at}: serde emits every field");
        for (key, property) in properties {
            let text = property["description"].as_str().unwrap_or_default();
            assert!(!text.is_empty(), "{at}/properties/{key}: description");
        }
    }
    for (name, def) in schema["$defs"].as_object().unwrap() {
        assert!(def["description"].is_string(), "$defs/{name}: description");
    }
}

#[test]
fn the_schema_pins_the_ir_version() {
    let schema = schema();
    let catalog = &schema["$defs"]["catalog"];
    assert_eq!(catalog["properties"]["ir_version"]["const"], IR_VERSION);
    assert_eq!(catalog["required"][0], "ir_version");
}

/// The key sets of every object in the schema's `properties` nodes.
fn schema_shapes(schema: &Value) -> BTreeSet<Vec<String>> {
    let mut nodes = Vec::new();
    schema_nodes(schema, String::new(), &mut nodes);
    nodes
        .into_iter()
        .filter(|(at, _)| !at.ends_with("/properties"))
        .filter_map(|(_, node)| node.get("properties")?.as_object())
        .map(|p| {
            let mut keys: Vec<String> = p.keys().cloned().collect();
            keys.sort();
            keys
        })
        .collect()
}

/// The key sets of every object in an IR document, except the maps
/// (`options`, `meta`) whose keys are the catalog's.
fn document_shapes(value: &Value, out: &mut BTreeSet<Vec<String>>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<String> = map.keys().cloned().collect();
            keys.sort();
            out.insert(keys);
            for (k, v) in map {
                if k != "options" && k != "meta" {
                    document_shapes(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| document_shapes(v, out)),
        _ => {}
    }
}

#[test]
fn the_schema_names_exactly_the_fields_the_file_holds() {
    // The full catalogs set every optional part, so that every object shape
    // the IR has appears; together with the validation above (closed
    // objects, every property required) the shapes must then be the same.
    let mut shapes = BTreeSet::new();
    for source in [FULL, PROBLEM, TWO_LEVEL] {
        let value = ir_value(&load_source("full.errors", source));
        document_shapes(&value, &mut shapes);
    }
    let full = ir_value(&load_source("full.errors", FULL));
    // Every optional value of the full catalog is set somewhere.
    for pointer in [
        "/title",
        "/version",
        "/docs",
        "/options/rust.serde",
        "/options/openapi.format",
        "/groups/1/parent",
        "/groups/0/range",
        "/groups/1/prefix",
        "/entries/1/grpc",
        "/entries/1/http",
        "/entries/1/docs",
        "/entries/1/params/0/index",
        "/entries/1/upstreams/0/source",
        "/entries/1/upstreams/0/pattern",
        "/entries/1/upstreams/0/contains",
        "/entries/1/upstreams/0/system",
        "/entries/1/upstreams/0/contains_field",
        "/upstream_systems/0/title",
        "/upstream_systems/0/grpc",
        "/upstream_systems/1/grpc",
        "/entries/1/aliases/0/reason",
        "/entries/2/deprecated/reason",
        "/entries/2/deprecated/replaced_by",
        "/reserved/0/reason",
        "/reserved/0/group",
        "/envelopes/0/members/0/value",
        "/envelopes/1/title",
        "/envelopes/1/members/1/members/0",
    ] {
        let value = full.pointer(pointer);
        assert!(
            value.is_some_and(|v| !v.is_null()),
            "{pointer} is set in the full catalog"
        );
    }
    let expected = schema_shapes(&schema());
    let missing: Vec<_> = shapes.difference(&expected).collect();
    let unused: Vec<_> = expected.difference(&shapes).collect();
    assert!(
        missing.is_empty(),
        "objects serde emits that the schema lacks: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "schema objects serde never emits: {unused:?}"
    );
}
