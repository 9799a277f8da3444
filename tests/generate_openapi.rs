//! The OpenAPI target: snapshots of every catalog file of the generator
//! tests and of the catalogs below, the real openapi-spec-validator
//! (pinned, in a venv) on every generated document in both formats, a
//! broken document it must reject, every example checked against its
//! response's schema, and the hostile strings read back as written.

mod support;

use errgen::generate::{GeneratedFile, Options, Target};
use errgen::ir::{Catalog, EntryKind, MetaValue, Segment};
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{check_py, load, load_source, openapi_spec_validator, output_text, stem};

/// A problem envelope, statuses on some codes only, a deprecated code, an
/// implicit param, a success code and catalog docs.
const PROBLEM: &str = r#"
catalog shop "Shop API" {
  version 1.2.0
  locales en, de
  format "SHOP_{digits:4}"
  envelope problem {
    type_base "https://errors.example.com/shop/"
    code "code"
    params "params"
  }
  docs "https://docs.example.com/shop"
  description en "Errors of the shop."
  description de "Fehler des Ladens."
}

success done = "SHOP_0000" {
  message en "Done."
  message de "Erledigt."
}

error out_of_stock = "SHOP_0001" {
  http 409
  param item: string
  param left: int
  message en "{item} is out of stock ({left} left)."
  message de "{item} ist ausverkauft ({left} übrig)."
  description en "Shown when the last item went while the basket was open."
}

error basket_locked = "SHOP_0002" {
  http 409
  deprecated "baskets no longer lock"
  replaced_by basket_busy
  message en "The basket is locked."
  message de "Der Warenkorb ist gesperrt."
}

error basket_busy = "SHOP_0003" {
  http 423
  retryable
  message en "The basket is busy."
  message de "Der Warenkorb ist belegt."
}

error unknown = "SHOP_0004" {
  message en "Something went wrong: {reason}."
  message de "Etwas ging schief: {reason}."
}
"#;

/// A catalog without errors: schemas only, no responses.
const ONLY_SUCCESS: &str = r#"
catalog calm {}

success fine = "FINE" {
  message "All is well."
}
"#;

/// A first envelope that is a success shape (a payload, no code): the
/// errors are sent in a second one, and get their schemas there.
const SUCCESS_FIRST: &str = r#"
catalog quiet "Quiet" {
  locales en
  envelope {
    data "data": map<string, any>
  }
  envelope api "API" {
    code "code"
    message "message"
    params "params"
  }
  envelopes api
}

error lost = "LOST" {
  http 404
  param hop: int
  message en "Lost at hop {hop}."
}

error closed = "CLOSED" {
  http 503
  message en "The relay is closed."
}

success fine = "FINE" {
  message en "All is well."
}
"#;

/// A first envelope that nests the error object and keeps the params at its
/// top: the per-code schema narrows both levels.
const MIXED: &str = r#"
catalog mixed {
  envelope {
    error "error" {
      code "code"
      message "message"
    }
    params "details"
  }
}

error not_found = "NOT_FOUND" {
  http 404
  param path: string
  message "Nothing at {path}."
}

error busy = "BUSY" {
  http 503
  message "Busy."
}
"#;

/// The OpenAPI document of `catalog` in `format` (YAML by default). Every
/// document the tests make comes through here, and both forms are checked
/// each time: the YAML read by a YAML parser and the JSON by a JSON parser
/// must give the same data.
fn openapi(catalog: &Catalog, format: Option<&str>) -> GeneratedFile {
    let generate = |format: Option<&str>| {
        let mut options = Options::new();
        if let Some(format) = format {
            options.set("format", MetaValue::Str(format.into()));
        }
        let mut files = Target::OpenApi.generate(catalog, &options);
        assert_eq!(files.len(), 1, "one document per catalog");
        files.remove(0)
    };
    let (yaml, json) = (generate(Some("yaml")), generate(Some("json")));
    assert_eq!(
        support::read_openapi(&yaml),
        support::read_openapi(&json),
        "{}: the YAML and the JSON form differ",
        catalog.name.original()
    );
    match format {
        Some("json") => json,
        _ => yaml,
    }
}

/// The example value of `entry` in its own response,
/// `<Catalog><Entry>`, served as `media`.
fn example_of<'d>(doc: &'d Value, catalog: &Catalog, entry_index: usize, media: &str) -> &'d Value {
    let entry = &catalog.entries[entry_index];
    let name = format!("{}{}", catalog.name.upper_camel(), entry.name.upper_camel());
    &doc["components"]["responses"][name]["content"][media]["examples"][entry.code.to_string()]
        ["value"]
}

/// Every catalog the tests generate: the catalog files of the generator
/// tests (`support::catalog_files`) and the inline ones, by name.
fn all_catalogs() -> Vec<(String, Catalog)> {
    let mut catalogs: Vec<(String, Catalog)> = support::catalog_files()
        .iter()
        .map(|p| (stem(p), load(p)))
        .collect();
    catalogs.push(("mixed".into(), load_source("mixed.errors", MIXED)));
    catalogs.push(("problem".into(), load_source("problem.errors", PROBLEM)));
    catalogs.push((
        "envelopes".into(),
        load_source("envelopes.errors", ENVELOPES),
    ));
    catalogs.push((
        "success-first".into(),
        load_source("success-first.errors", SUCCESS_FIRST),
    ));
    catalogs.push((
        "only-success".into(),
        load_source("only-success.errors", ONLY_SUCCESS),
    ));
    catalogs
}

/// Markup and links in every piece of catalog text that reaches a
/// `description`: the title, the catalog's description, messages, an
/// entry's description and a deprecation reason.
const MARKUP: &str = r#"
catalog markup "<img src=x onerror=alert(1)> [t](javascript:alert(1)) <javascript:alert(0)>" {
  format "{upper}"
  description en """
    <script>alert(1)</script>
    [click](javascript:alert(1)) <javascript:alert(2)> ![i](javascript:alert(3))
    # heading *emph* `code` <b>bold</b> &lt;script&gt; [ref]
    [ref]: javascript:alert(4)
    """
}

error bad = "BAD" {
  http 400
  message "<img src=x onerror=alert(1)> [m](javascript:alert(1)) *{0}*"
  param 0 as what: string
  description "<script>x</script> [d](javascript:alert(1))\n- list\n1. ordered\n<div>"
}

error old = "OLD" {
  http 400
  message "Old <b>."
  deprecated "<a href=\"javascript:alert(1)\">x</a> [r](javascript:1)"
  replaced_by bad
}
"#;

/// What a CommonMark renderer (pulldown-cmark, with the GFM extensions)
/// makes of `markdown`: its text, and the HTML and links in it.
fn render_commonmark(markdown: &str) -> (String, Vec<String>) {
    use pulldown_cmark::{Event, Options as O, Parser, Tag};
    let options = O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_GFM
        | O::ENABLE_MATH;
    let mut text = String::new();
    let mut markup = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(pulldown_cmark::TagEnd::Paragraph) => text.push_str("\n\n"),
            Event::Html(h) | Event::InlineHtml(h) => markup.push(format!("HTML {h:?}")),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                markup.push(format!("link to {dest_url:?}"));
            }
            Event::Start(Tag::HtmlBlock) => markup.push("an HTML block".into()),
            _ => {}
        }
    }
    (text.trim_end().to_owned(), markup)
}

/// Every `description` in a document, with where it is.
fn descriptions(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let here = format!("{at}/{key}");
                match (key.as_str(), value) {
                    ("description", Value::String(text)) => out.push((here, text.clone())),
                    _ => descriptions(value, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                descriptions(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn descriptions_render_catalog_text_as_text() {
    let mut catalogs = all_catalogs();
    catalogs.push(("markup".into(), load_source("markup.errors", MARKUP)));
    for (name, catalog) in &catalogs {
        let doc = json_of(&openapi(catalog, Some("json")));
        let mut found = Vec::new();
        descriptions(&doc, "", &mut found);
        assert!(found.len() > 3, "{name}: {found:?}");
        for (at, text) in &found {
            let (_, markup) = render_commonmark(text);
            assert!(markup.is_empty(), "{name} {at}: {markup:?} from {text:?}");
        }
    }
    // Catalog text reads back as written.
    let catalog = load_source("markup.errors", MARKUP);
    let doc = json_of(&openapi(&catalog, Some("json")));
    let read = |at: &Value| render_commonmark(at.as_str().unwrap()).0;
    assert_eq!(
        read(&doc["info"]["description"]),
        catalog.description[0].text.trim_end()
    );
    let title = catalog.title.as_deref().unwrap();
    let schemas = &doc["components"]["schemas"];
    assert!(read(&schemas["MarkupCode"]["description"])
        .starts_with(&format!("A code of the {title} catalog.")));
    assert!(read(&schemas["MarkupEnvelope"]["description"]).contains(title));
    let responses = &doc["components"]["responses"];
    assert!(read(&responses["MarkupError"]["description"]).contains(title));
    let example = |name: &str, code: &str| {
        responses[name]["content"]["application/json"]["examples"][code]["description"].clone()
    };
    assert_eq!(
        read(&example("MarkupBad", "BAD")),
        catalog.entries[0].description[0].text
    );
    assert_eq!(
        read(&example("MarkupOld", "OLD")),
        format!(
            "Deprecated: {}; use BAD instead.",
            catalog.entries[1]
                .deprecated
                .as_ref()
                .unwrap()
                .reason
                .as_deref()
                .unwrap()
        )
    );
}

fn json_of(file: &GeneratedFile) -> Value {
    serde_json::from_str(&file.content).unwrap()
}

/// The default-locale message with placeholders shown by param name,
/// computed here independently of the generator.
fn expected_message(catalog: &Catalog, entry: &errgen::ir::Entry) -> String {
    let message = entry.message(catalog.default_locale()).unwrap();
    message
        .segments()
        .map(|s| match s {
            Segment::Text(t) => t.into_owned(),
            Segment::Placeholder(p) => {
                format!("{{{}}}", entry.params[p.param.unwrap()].name.original())
            }
        })
        .collect()
}

#[test]
fn snapshots_of_every_example() {
    for (name, catalog) in all_catalogs() {
        let yaml = openapi(&catalog, None);
        assert_eq!(
            yaml.path,
            PathBuf::from(format!("{}.openapi.yaml", catalog.name.snake()))
        );
        assert!(
            yaml.content.ends_with('\n') && !yaml.content.ends_with("\n\n"),
            "{name}: one final newline"
        );
        insta::assert_snapshot!(format!("{name}.openapi.yaml"), yaml.content);
    }
    // The JSON form of two of them; for the others the validator test shows
    // that it holds the same data as the YAML.
    for path in [
        "examples/k12.errors",
        "tests/fixtures/codegen/hostile.errors",
    ] {
        let catalog = load(Path::new(path));
        let json = openapi(&catalog, Some("json"));
        assert_eq!(
            json.path,
            PathBuf::from(format!("{}.openapi.json", catalog.name.snake()))
        );
        insta::assert_snapshot!(
            format!("{}.openapi.json", stem(Path::new(path))),
            json.content
        );
    }
}

#[test]
fn output_is_deterministic_and_json_only_on_request() {
    let catalog = load(Path::new("examples/optverse.errors"));
    assert_eq!(openapi(&catalog, None), openapi(&catalog, None));
    assert_eq!(
        openapi(&catalog, Some("json")),
        openapi(&catalog, Some("json"))
    );
    assert_eq!(openapi(&catalog, Some("yaml")), openapi(&catalog, None));
    let json = openapi(&catalog, Some("json"));
    assert!(json.content.ends_with("}\n"));
    assert!(json
        .content
        .starts_with("{\n  \"openapi\": \"3.1.0\",\n  \"info\""));
}

/// Writes the YAML and JSON documents of every catalog into `dir`.
fn write_documents(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    all_catalogs()
        .iter()
        .map(|(name, catalog)| {
            let yaml = dir.join(format!("{name}.openapi.yaml"));
            let json = dir.join(format!("{name}.openapi.json"));
            std::fs::write(&yaml, openapi(catalog, None).content).unwrap();
            std::fs::write(&json, openapi(catalog, Some("json")).content).unwrap();
            (yaml, json)
        })
        .collect()
}

#[test]
fn openapi_spec_validator_accepts_every_document() {
    let dir = support::temp_dir();
    let documents = write_documents(dir.path());
    let files: Vec<&Path> = documents
        .iter()
        .flat_map(|(y, j)| [y.as_path(), j.as_path()])
        .collect();
    let output = openapi_spec_validator(&files);
    let text = output_text(&output);
    assert!(output.status.success(), "the validator rejects:\n{text}");
    assert_eq!(text.matches(": OK").count(), files.len(), "{text}");

    for (yaml, json) in &documents {
        let output = check_py(&[
            "same",
            &yaml.display().to_string(),
            &json.display().to_string(),
        ]);
        assert!(output.status.success(), "{}", output_text(&output));
    }
}

#[test]
fn every_example_matches_its_response_schema() {
    let dir = support::temp_dir();
    let documents = write_documents(dir.path());
    let mut args = vec!["examples".to_owned()];
    args.extend(documents.iter().map(|(y, _)| y.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = check_py(&args);
    assert!(output.status.success(), "{}", output_text(&output));

    // The check can fail: a code under the wrong status.
    let catalog = load(Path::new("examples/optverse.errors"));
    let yaml = openapi(&catalog, None).content;
    let wrong = yaml.replacen(
        "error_code: \"OptVerse_10000006\"",
        "error_code: \"OptVerse_10000001\"",
        1,
    );
    assert_ne!(wrong, yaml);
    let path = dir.path().join("wrong-example.openapi.yaml");
    std::fs::write(&path, wrong).unwrap();
    let output = check_py(&["examples", &path.display().to_string()]);
    assert!(!output.status.success(), "{}", output_text(&output));
    assert!(
        output_text(&output)
            .contains("example OptVerse_10000006: error_code: 'OptVerse_10000006' was expected"),
        "{}",
        output_text(&output)
    );

    // A body with a published alias is valid against its entry's schema
    // (and its own entry's only).
    for (alias, valid) in [
        ("OptVerse_1212080002", true),
        ("OptVerse_1212080003", false),
    ] {
        let aliased = yaml.replacen(
            "error_code: \"OptVerse_12080002\"",
            &format!("error_code: \"{alias}\""),
            1,
        );
        assert_ne!(aliased, yaml);
        let path = dir.path().join("aliased-example.openapi.yaml");
        std::fs::write(&path, aliased).unwrap();
        let output = check_py(&["examples", &path.display().to_string()]);
        assert_eq!(
            output.status.success(),
            valid,
            "{alias}: {}",
            output_text(&output)
        );
    }
}

#[test]
fn openapi_spec_validator_rejects_broken_documents() {
    let catalog = load(Path::new("examples/optverse.errors"));
    let yaml = openapi(&catalog, None).content;
    let dir = support::temp_dir();
    // A response without its required description.
    let marker = "    OptverseProjectInfoFailed:\n      description: ";
    let start = yaml.find(marker).unwrap() + "    OptverseProjectInfoFailed:\n".len();
    let end = start + yaml[start..].find('\n').unwrap() + 1;
    let no_description = format!("{}{}", &yaml[..start], &yaml[end..]);
    // A schema whose type is a number.
    let bad_type = yaml.replacen("      type: object\n", "      type: 7\n", 1);
    assert_ne!(bad_type, yaml);
    for (name, text) in [("no-description", no_description), ("bad-type", bad_type)] {
        let path = dir.path().join(format!("{name}.openapi.yaml"));
        std::fs::write(&path, text).unwrap();
        let output = openapi_spec_validator(&[&path]);
        assert!(
            !output.status.success(),
            "{name}: the validator accepted a broken document:\n{}",
            output_text(&output)
        );
        assert!(
            output_text(&output).contains("Validation Error"),
            "{}",
            output_text(&output)
        );
    }
}

/// The YAML as PyYAML reads it (YAML 1.1, the validator's reader).
fn read_with_pyyaml(dir: &Path, name: &str, content: &str) -> Value {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    let output = check_py(&["dump", &path.display().to_string()]);
    assert!(output.status.success(), "{}", output_text(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn hostile_strings_read_back_as_written() {
    let catalog = load(Path::new("tests/fixtures/codegen/hostile.errors"));
    let dir = support::temp_dir();
    let from_yaml = read_with_pyyaml(dir.path(), "hostile.yaml", &openapi(&catalog, None).content);
    let from_json = json_of(&openapi(&catalog, Some("json")));
    assert_eq!(from_yaml, from_json);
    let doc = from_yaml;
    assert_eq!(
        doc["info"]["title"],
        catalog.title.clone().unwrap().as_str()
    );
    assert_eq!(
        render_commonmark(doc["info"]["description"].as_str().unwrap()).0,
        catalog.description[0].text.as_str()
    );
    let code = &doc["components"]["schemas"]["HostileCode"];
    for (i, entry) in catalog.entries.iter().enumerate() {
        let message = expected_message(&catalog, entry);
        assert_eq!(code["x-enum-descriptions"][i], message.as_str());
        let code_text = entry.code.to_string();
        if entry.kind == EntryKind::Success {
            continue;
        }
        let example = example_of(&doc, &catalog, i, "application/json");
        assert_eq!(example["code"], code_text.as_str());
        assert_eq!(example["message"], message.as_str(), "{code_text}");
    }
    // The raw characters are escaped in the file, not lost.
    let yaml = openapi(&catalog, None).content;
    assert!(yaml.contains(r"\u007f delete") && yaml.contains(r"\u200fmark\u200e"));
    assert!(!yaml.contains('\u{7f}') && !yaml.contains('\u{200f}'));
    let message = expected_message(&catalog, &catalog.entries[3]);
    assert!(message.contains('\u{7f}') && message.contains("😀👩\u{200d}💻"));
}

/// The descriptions name the catalog "the <title> catalog", and a title
/// that says "catalog" already is not followed by a second one.
#[test]
fn descriptions_name_the_catalog_once() {
    for (title, named) in [
        ("Shop", "the Shop catalog"),
        ("Payments error catalog", "the Payments error catalog"),
        ("Billing CATALOGUE", "the Billing CATALOGUE"),
        ("Catalog service", "the Catalog service catalog"),
    ] {
        let source = format!(
            "catalog shop \"{title}\" {{\n  locales en\n}}\n\
             error gone = \"GONE\" {{\n  message en \"Gone.\"\n}}\n"
        );
        let yaml = openapi(&load_source("shop.errors", &source), None).content;
        assert!(
            yaml.contains(&format!("A code of the {}.", &named[4..])),
            "{title}: {yaml}"
        );
        assert!(
            yaml.contains(&format!("An error of the {}.", &named[4..])),
            "{title}"
        );
        assert!(!yaml.to_lowercase().contains("catalog catalog"), "{title}");
    }
}

#[test]
fn codes_schemas_and_responses_follow_the_catalog() {
    let catalog = load(Path::new("examples/optverse.errors"));
    let doc = json_of(&openapi(&catalog, Some("json")));
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["paths"], serde_json::json!({}));
    assert_eq!(
        doc["info"]["version"],
        catalog.version.clone().unwrap().as_str()
    );
    assert_eq!(doc["x-errgen"]["catalog"], "optverse");
    assert_eq!(
        doc["x-errgen"]["locales"],
        serde_json::json!(catalog.locales)
    );

    let code = &doc["components"]["schemas"]["OptverseCode"];
    let codes: Vec<String> = catalog.entries.iter().map(|e| e.code.to_string()).collect();
    let varnames: Vec<&str> = catalog
        .entries
        .iter()
        .map(|e| e.name.upper_camel())
        .collect();
    assert_eq!(code["type"], "string");
    assert_eq!(code["enum"], serde_json::json!(codes));
    assert_eq!(code["x-enum-varnames"], serde_json::json!(varnames));

    let schemas = &doc["components"]["schemas"];
    let error = &schemas["OptverseEnvelope"];
    assert_eq!(
        error["required"],
        serde_json::json!(["error_code", "error_msg"])
    );
    // The code is a code, or one of the published codes entries answer to.
    assert_eq!(
        error["properties"]["error_code"]["anyOf"],
        serde_json::json!([
            { "$ref": "#/components/schemas/OptverseCode" },
            { "$ref": "#/components/schemas/OptverseCodeAlias" },
        ])
    );
    let alias_schema = &schemas["OptverseCodeAlias"];
    let aliases: Vec<(String, String)> = catalog
        .entries
        .iter()
        .flat_map(|e| {
            e.aliases
                .iter()
                .map(move |a| (a.code.to_string(), e.code.to_string()))
        })
        .collect();
    assert_eq!(aliases.len(), 5, "the seed's published codes");
    let alias_codes: Vec<&str> = aliases.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(alias_schema["enum"], serde_json::json!(alias_codes));
    for (alias, code) in &aliases {
        assert_eq!(alias_schema["x-aliases"][alias], code.as_str());
    }

    // `OptverseError`: one schema per error code, told apart by the code;
    // the response `OptverseError` serves it. Then one response per error
    // code, named after the entry, with its one example.
    let union = &schemas["OptverseError"];
    let errors: Vec<(usize, &errgen::ir::Entry)> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Error)
        .collect();
    let variants: Vec<String> = errors
        .iter()
        .map(|(_, e)| format!("#/components/schemas/Optverse{}Error", e.name.upper_camel()))
        .collect();
    let refs: Vec<&str> = union["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["$ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs, variants);
    assert_eq!(union["discriminator"]["propertyName"], "error_code");
    let responses = doc["components"]["responses"].as_object().unwrap();
    let mut names: Vec<String> = errors
        .iter()
        .map(|(_, e)| format!("Optverse{}", e.name.upper_camel()))
        .collect();
    names.push("OptverseError".into());
    names.sort();
    assert_eq!(responses.keys().cloned().collect::<Vec<_>>(), names);
    for (&(i, entry), variant) in errors.iter().zip(&variants) {
        let code = entry.code.to_string();
        assert_eq!(union["discriminator"]["mapping"][&code], variant.as_str());
        let own = &schemas[variant.rsplit('/').next().unwrap()];
        let code_schema = &own["allOf"][1]["properties"]["error_code"];
        if entry.aliases.is_empty() {
            assert_eq!(code_schema["const"], code.as_str());
        } else {
            // An aliased body is this error too, by its own schema and by
            // the discriminator.
            let accepted: Vec<String> = std::iter::once(code.clone())
                .chain(entry.aliases.iter().map(|a| a.code.to_string()))
                .collect();
            assert_eq!(code_schema["enum"], serde_json::json!(accepted));
            for alias in entry.aliases.iter() {
                let alias = alias.code.to_string();
                assert_eq!(union["discriminator"]["mapping"][&alias], variant.as_str());
            }
        }
        let params = &own["allOf"][1]["properties"]["params"];
        if entry.params.is_empty() {
            assert!(params.is_null(), "{code}");
        }
        let example = example_of(&doc, &catalog, i, "application/json");
        assert_eq!(example["error_code"], code.as_str());
        assert_eq!(
            example["error_msg"],
            expected_message(&catalog, entry).as_str()
        );
    }
}

#[test]
fn integer_codes_without_statuses() {
    let catalog = load(Path::new("examples/k12.errors"));
    let doc = json_of(&openapi(&catalog, Some("json")));
    let code = &doc["components"]["schemas"]["K12Code"];
    assert_eq!(code["type"], "integer");
    assert_eq!(code["enum"][0], 100000);
    // No statuses: a response per error code all the same; the success
    // code is in the enum only.
    let responses = doc["components"]["responses"].as_object().unwrap();
    assert!(responses.get("K12Ok").is_none());
    let example = example_of(&doc, &catalog, 1, "application/json");
    assert_eq!(example["code"], 100101);
    assert_eq!(example["brief"], "The JSON body has no key {key}.");
    let error = &doc["components"]["schemas"]["K12Envelope"];
    assert_eq!(error["required"], serde_json::json!(["code", "brief"]));
    // A discriminator maps strings: integer codes are told apart by the
    // `const` of each schema of the `oneOf` alone.
    let union = &doc["components"]["schemas"]["K12Error"];
    assert!(union.get("discriminator").is_none());
    assert!(union["oneOf"].as_array().unwrap().len() > 1);
    let own = &doc["components"]["schemas"]["K12JsonKeyNotFoundError"];
    assert_eq!(own["allOf"][1]["properties"]["code"]["const"], 100101);
}

#[test]
fn two_level_envelopes_narrow_the_inner_code() {
    let catalog = load(Path::new("examples/function-service.errors"));
    let doc = json_of(&openapi(&catalog, Some("json")));
    let error = &doc["components"]["schemas"]["FunctionServiceEnvelope"];
    assert_eq!(
        error["properties"]["subErrCode"]["$ref"],
        "#/components/schemas/FunctionServiceCode"
    );
    assert_eq!(error["properties"]["errCode"]["type"], "string");
    // The inner code discriminates.
    let union = &doc["components"]["schemas"]["FunctionServiceError"];
    assert_eq!(union["discriminator"]["propertyName"], "subErrCode");
    let responses = doc["components"]["responses"].as_object().unwrap();
    for (name, response) in responses {
        let content = &response["content"]["application/json"];
        let Some(examples) = content.get("examples") else {
            assert_eq!(name, "FunctionServiceError");
            continue;
        };
        for example in examples.as_object().unwrap().values() {
            assert_eq!(example["value"]["errCode"], "{errCode}");
        }
    }
}

#[test]
fn a_nested_error_object_is_narrowed_per_code() {
    let catalog = load(Path::new("tests/fixtures/codegen/nested.errors"));
    let doc = json_of(&openapi(&catalog, Some("json")));
    let schemas = &doc["components"]["schemas"];
    let errors: Vec<(usize, &errgen::ir::Entry)> = catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntryKind::Error)
        .collect();
    // One schema per error code; no discriminator, whose `propertyName`
    // names a property of the `oneOf` schemas themselves, and the code is
    // one level down: the `const`s tell the codes apart.
    let union = &schemas["NestedError"];
    assert!(union.get("discriminator").is_none(), "{union}");
    let refs: Vec<&str> = union["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["$ref"].as_str().unwrap())
        .collect();
    let variants: Vec<String> = errors
        .iter()
        .map(|(_, e)| format!("#/components/schemas/Nested{}Error", e.name.upper_camel()))
        .collect();
    assert_eq!(refs, variants);
    for &(i, entry) in &errors {
        let code = entry.code.to_string();
        let name = entry.name.upper_camel();
        // The envelope, its error object narrowed to the code.
        let own = &schemas[format!("Nested{name}Error")];
        assert_eq!(
            own["allOf"][0]["$ref"],
            "#/components/schemas/NestedCallbackEnvelope"
        );
        let object = &own["allOf"][1]["properties"]["error"]["allOf"];
        assert_eq!(
            object[0]["$ref"], "#/components/schemas/NestedCallbackErrorObject",
            "{code}"
        );
        let narrowed = &object[1];
        if entry.aliases.is_empty() {
            assert_eq!(narrowed["properties"]["code"]["const"], code.as_str());
        } else {
            let accepted: Vec<String> = std::iter::once(code.clone())
                .chain(entry.aliases.iter().map(|a| a.code.to_string()))
                .collect();
            assert_eq!(
                narrowed["properties"]["code"]["enum"],
                serde_json::json!(accepted)
            );
        }
        if entry.params.is_empty() {
            assert!(narrowed["properties"]["details"].is_null(), "{code}");
            assert!(narrowed["required"].is_null(), "{code}");
        } else {
            assert_eq!(narrowed["required"], serde_json::json!(["details"]));
            let params = format!("Nested{name}Params");
            assert_eq!(
                narrowed["properties"]["details"]["$ref"],
                format!("#/components/schemas/{params}").as_str()
            );
            let declared: Vec<&str> = entry.params.iter().map(|p| p.name.original()).collect();
            assert_eq!(schemas[&params]["required"], serde_json::json!(declared));
        }
        // The example (of the first envelope the entry is sent in) shows
        // the nested object: the code, the message, the stage and the
        // params.
        if !entry.envelopes.contains(&0) {
            // An entry sent in another envelope only: the example is of
            // that one (its schema is checked by `every_example_matches_…`).
            let example = example_of(&doc, &catalog, i, "application/json");
            assert!(
                example.to_string().contains(&format!("\"{code}\"")),
                "{code}: {example}"
            );
            continue;
        }
        let example = example_of(&doc, &catalog, i, "application/json");
        assert_eq!(example["ok"], false);
        assert_eq!(example["meta"], serde_json::json!({"task_id": "{task_id}"}));
        let error = &example["error"];
        assert_eq!(error["code"], code.as_str());
        assert_eq!(error["message"], expected_message(&catalog, entry).as_str());
        assert_eq!(error["stage"].as_str(), entry.stage.as_deref(), "{code}");
        // In name order, as serde_json's maps keep them.
        let shown: Vec<&str> = error["details"]
            .as_object()
            .map(|d| d.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut declared: Vec<&str> = entry.params.iter().map(|p| p.name.original()).collect();
        declared.sort_unstable();
        assert_eq!(shown, declared, "{code}");
    }
    let not_found = example_of(&doc, &catalog, 1, "application/json");
    assert_eq!(
        not_found,
        &serde_json::json!({
            "ok": false,
            "error": {
                "code": "NOT_FOUND",
                "message": "Nothing at {path}.",
                "stage": "fetch",
                "details": {"path": "{path}"},
            },
            "meta": {"task_id": "{task_id}"},
        })
    );
    // A code sent in the flat envelope only is that envelope's body, with
    // its code narrowed at the top.
    let bad_request =
        &doc["components"]["responses"]["NestedBadRequest"]["content"]["application/json"];
    assert_eq!(
        bad_request["schema"]["$ref"],
        "#/components/schemas/NestedBadRequestPlainEnvelopeError"
    );
    let narrowed = &doc["components"]["schemas"]["NestedBadRequestPlainEnvelopeError"]["allOf"];
    assert_eq!(
        narrowed[0]["$ref"],
        "#/components/schemas/NestedPlainEnvelope"
    );
    assert_eq!(narrowed[1]["properties"]["code"]["const"], "BAD_REQUEST");

    // The nested `const` holds: an example with another code is rejected.
    let yaml = openapi(&catalog, None).content;
    let wrong = yaml.replacen("code: \"GONE\"", "code: \"NOT_FOUND\"", 1);
    assert_ne!(wrong, yaml);
    let dir = support::temp_dir();
    let path = dir.path().join("nested-wrong.openapi.yaml");
    std::fs::write(&path, wrong).unwrap();
    let output = check_py(&["examples", &path.display().to_string()]);
    assert!(!output.status.success(), "{}", output_text(&output));
    assert!(
        output_text(&output).contains("NestedGone example GONE: error/code: 'GONE' was expected"),
        "{}",
        output_text(&output)
    );
}

/// The references in `doc` (each `$ref`, and the values of each
/// discriminator's `mapping`, which are references too) that do not
/// resolve in it, and how many references there are. Examples are data,
/// not schemas: a key `$ref` in one is not a reference.
fn dangling_refs(doc: &Value) -> (usize, Vec<String>) {
    fn collect<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("$ref", Value::String(r)) => out.push(r),
                        ("examples" | "example", _) => {}
                        ("discriminator", _) => {
                            if let Some(mapping) = value["mapping"].as_object() {
                                out.extend(mapping.values().filter_map(Value::as_str));
                            }
                        }
                        _ => collect(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let mut refs = Vec::new();
    collect(doc, &mut refs);
    // Every reference is local, a JSON pointer into the document.
    let dangling = refs
        .iter()
        .filter(|r| r.strip_prefix('#').and_then(|p| doc.pointer(p)).is_none())
        .map(|r| (*r).to_owned())
        .collect();
    (refs.len(), dangling)
}

#[test]
fn every_ref_resolves() {
    for (name, catalog) in all_catalogs() {
        let doc = json_of(&openapi(&catalog, Some("json")));
        let (found, dangling) = dangling_refs(&doc);
        assert!(found > 0, "{name}: no reference found");
        assert!(dangling.is_empty(), "{name}: dangling {dangling:?}");
    }
    // The check can fail: a schema that the union and a response refer to,
    // taken away.
    let catalog = load(Path::new("tests/fixtures/codegen/nested.errors"));
    let mut doc = json_of(&openapi(&catalog, Some("json")));
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    assert!(schemas.remove("NestedGoneError").is_some());
    let (_, dangling) = dangling_refs(&doc);
    assert_eq!(dangling, ["#/components/schemas/NestedGoneError"; 2]);
}

/// Three envelopes that carry the code three ways: at the top, nested in
/// an error object, and in a problem document.
const ENVELOPES: &str = r#"
catalog relay "Relay" {
  locales en
  envelope {
    code "code"
    message "message"
    params "params"
  }
  envelope cli "Command line" {
    const "status" = "error"
    error "error" {
      code "code"
      message "message"
      params "details"
    }
  }
  envelope feed "Feed" problem {
    type_base "https://errors.example.com/relay/"
    code "code"
  }
  envelopes default, cli, feed
}

error lost = "LOST" {
  param hop: int
  message en "Lost at hop {hop}."
}

error closed = "CLOSED" {
  envelopes cli
  message en "The relay is closed."
}
"#;

/// An entry's schema is narrowed in every envelope it is sent in that
/// carries a code, not only in the first: the code's `const` and params
/// where that envelope puts them (nested, or at the top of a problem, with
/// that envelope's problem `type` and `title`), and its response offers
/// each of them.
#[test]
fn every_envelope_narrows_its_codes() {
    let catalog = load_source("envelopes.errors", ENVELOPES);
    let doc = json_of(&openapi(&catalog, Some("json")));
    let schemas = &doc["components"]["schemas"];
    let cli = &schemas["RelayLostCliEnvelopeError"];
    assert_eq!(cli["title"], "LostCliEnvelope");
    assert_eq!(
        cli["allOf"][0]["$ref"],
        "#/components/schemas/RelayCliEnvelope"
    );
    let nested = &cli["allOf"][1]["properties"]["error"]["allOf"];
    assert_eq!(
        nested[0]["$ref"],
        "#/components/schemas/RelayCliErrorObject"
    );
    assert_eq!(nested[1]["properties"]["code"]["const"], "LOST");
    assert_eq!(nested[1]["required"], serde_json::json!(["details"]));
    assert_eq!(
        nested[1]["properties"]["details"]["$ref"],
        "#/components/schemas/RelayLostParams"
    );
    // The problem envelope: its own type and title, and no params (it has
    // no `params` member).
    let feed = &schemas["RelayLostFeedEnvelopeError"]["allOf"][1];
    assert_eq!(feed["properties"]["code"]["const"], "LOST");
    assert_eq!(
        feed["properties"]["type"]["const"],
        "https://errors.example.com/relay/LOST"
    );
    assert_eq!(feed["properties"]["title"]["const"], "Lost");
    assert!(feed.get("required").is_none(), "{feed}");
    // The response offers the entry in each of its envelopes, the problem
    // under its own media type.
    let response = |name: &str, media: &str| {
        doc["components"]["responses"][name]["content"][media]["schema"].clone()
    };
    let lost = response("RelayLost", "application/json");
    let refs: Vec<&str> = lost["oneOf"]
        .as_array()
        .map(|all| all.iter().map(|r| r["$ref"].as_str().unwrap()).collect())
        .unwrap_or_default();
    assert_eq!(
        refs,
        [
            "#/components/schemas/RelayLostError",
            "#/components/schemas/RelayLostCliEnvelopeError",
        ]
    );
    assert_eq!(
        response("RelayLost", "application/problem+json")["$ref"],
        "#/components/schemas/RelayLostFeedEnvelopeError"
    );
    // Each media type's example is of the first envelope of that type the
    // entry is sent in: the problem one has the feed's `type` and title.
    let lost = catalog
        .entries
        .iter()
        .position(|e| e.name.original() == "lost")
        .unwrap();
    let json = example_of(&doc, &catalog, lost, "application/json");
    assert_eq!(json["code"], "LOST");
    assert_eq!(json["params"]["hop"], serde_json::json!(0));
    let problem = example_of(&doc, &catalog, lost, "application/problem+json");
    assert_eq!(problem["code"], "LOST");
    assert_eq!(problem["type"], "https://errors.example.com/relay/LOST");
    assert_eq!(problem["title"], "Lost");
    let closed = catalog
        .entries
        .iter()
        .position(|e| e.name.original() == "closed")
        .unwrap();
    assert_eq!(
        example_of(&doc, &catalog, closed, "application/json")["error"]["code"],
        "CLOSED"
    );
    // Sent only in `cli`: its response is that schema alone.
    assert_eq!(
        response("RelayClosed", "application/json")["$ref"],
        "#/components/schemas/RelayClosedCliEnvelopeError"
    );
    assert!(schemas.get("RelayClosedFeedEnvelopeError").is_none());
}

/// Whether an entry gets schemas of its own is decided per envelope: a
/// first envelope without a code (a success shape) takes nothing from the
/// errors sent in the others, and the union of the errors is theirs, not
/// the success body.
#[test]
fn a_success_shape_first_leaves_the_errors_their_schemas() {
    let catalog = load_source("success-first.errors", SUCCESS_FIRST);
    let doc = json_of(&openapi(&catalog, Some("json")));
    let schemas = &doc["components"]["schemas"];
    let lost = &schemas["QuietLostApiEnvelopeError"]["allOf"];
    assert_eq!(lost[0]["$ref"], "#/components/schemas/QuietApiEnvelope");
    assert_eq!(lost[1]["properties"]["code"]["const"], "LOST");
    assert_eq!(
        lost[1]["properties"]["params"]["$ref"],
        "#/components/schemas/QuietLostParams"
    );
    assert!(schemas.get("QuietLostError").is_none());
    let union: Vec<&str> = schemas["QuietError"]["anyOf"]
        .as_array()
        .expect("the union lists the errors")
        .iter()
        .map(|r| r["$ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        union,
        [
            "#/components/schemas/QuietLostApiEnvelopeError",
            "#/components/schemas/QuietClosedApiEnvelopeError",
        ]
    );
    let description = schemas["QuietError"]["description"].as_str().unwrap();
    assert!(!description.contains("success"), "{description}");
    assert_eq!(
        doc["components"]["responses"]["QuietLost"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/QuietLostApiEnvelopeError"
    );
}

#[test]
fn problem_envelopes_follow_rfc_9457() {
    let catalog = load_source("problem.errors", PROBLEM);
    let doc = json_of(&openapi(&catalog, Some("json")));
    assert_eq!(doc["externalDocs"]["url"], "https://docs.example.com/shop");
    assert_eq!(doc["info"]["description"], "Errors of the shop.");
    let schemas = &doc["components"]["schemas"];
    let envelope = &schemas["ShopEnvelope"];
    // `status` is always sent (500 for an error without `http`), `detail`
    // carries the occurrence; `instance` is optional.
    assert_eq!(
        envelope["required"],
        serde_json::json!(["type", "title", "status", "detail", "code"])
    );
    assert_eq!(envelope["properties"]["status"]["type"], "integer");
    // Per-code params: their own schema, required, with their types.
    let out_of_stock = &schemas["ShopOutOfStockError"]["allOf"][1];
    assert_eq!(out_of_stock["required"], serde_json::json!(["params"]));
    assert_eq!(
        out_of_stock["properties"]["params"]["$ref"],
        "#/components/schemas/ShopOutOfStockParams"
    );
    assert_eq!(
        schemas["ShopOutOfStockParams"]["properties"]["left"]["type"],
        "integer"
    );
    // The title is fixed per code: a `const`, the same text in the example.
    assert_eq!(out_of_stock["properties"]["title"]["const"], "Out of stock");
    assert_eq!(out_of_stock["properties"]["status"]["const"], 409);
    let example = example_of(&doc, &catalog, 1, "application/problem+json");
    assert_eq!(
        example,
        &serde_json::json!({
            "type": "https://errors.example.com/shop/SHOP_0001",
            "title": "Out of stock",
            "status": 409,
            "detail": "{item} is out of stock ({left} left).",
            "code": "SHOP_0001",
            "params": {"item": "{item}", "left": 0},
        })
    );
    let responses = &doc["components"]["responses"];
    let locked = &responses["ShopBasketLocked"]["content"]["application/problem+json"]["examples"]
        ["SHOP_0002"];
    assert_eq!(locked["summary"], "BasketLocked (deprecated)");
    assert_eq!(
        locked["description"],
        "Deprecated: baskets no longer lock; use `SHOP_0003` instead."
    );
    assert_eq!(schemas["ShopBasketLockedError"]["deprecated"], true);
    let unknown = example_of(&doc, &catalog, 4, "application/problem+json");
    assert_eq!(unknown["status"], 500);
    assert_eq!(
        schemas["ShopUnknownError"]["allOf"][1]["properties"]["status"]["const"],
        500
    );
    // The union: one schema per error code, the code discriminating.
    let union = &schemas["ShopError"];
    assert_eq!(union["oneOf"].as_array().unwrap().len(), 4);
    assert_eq!(union["discriminator"]["propertyName"], "code");
    assert_eq!(
        union["discriminator"]["mapping"]["SHOP_0003"],
        "#/components/schemas/ShopBasketBusyError"
    );
}

/// Every component name of `doc` (schemas and responses), each with what
/// it stands for: the codes it holds (a `const` code in it or in the schema
/// it refers to), so that a name kept but moved to another code is seen.
fn components(doc: &Value) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let schemas = &doc["components"]["schemas"];
    let code_of = |schema: &Value| -> String {
        schema["allOf"][1]["properties"]
            .as_object()
            .and_then(|p| p.values().find_map(|v| v.get("const")))
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    for (name, schema) in schemas.as_object().unwrap() {
        out.insert(format!("schemas/{name}"), code_of(schema));
    }
    if let Some(responses) = doc["components"]["responses"].as_object() {
        for (name, response) in responses {
            let content = response["content"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap();
            let target = content["schema"]["$ref"].as_str().unwrap_or_default();
            let schema = &schemas[target.rsplit('/').next().unwrap_or_default()];
            out.insert(
                format!("responses/{name}"),
                format!("{target} {}", code_of(schema)),
            );
        }
    }
    out
}

/// A user's `$ref` to a component keeps working under any edit that keeps
/// the codes: here the last error without a status gets one (`http 503`),
/// which removed `ShopErrorDefault` when component names came from the set
/// of statuses. Every name of before is still there and stands for the
/// same code.
#[test]
fn component_names_survive_an_edit_that_keeps_the_codes() {
    let before = load_source("problem.errors", PROBLEM);
    let edited = PROBLEM.replace(
        "error unknown = \"SHOP_0004\" {\n",
        "error unknown = \"SHOP_0004\" {\n  http 503\n",
    );
    assert_ne!(edited, PROBLEM);
    let after = load_source("problem.errors", &edited);
    assert!(after
        .entries
        .iter()
        .all(|e| e.kind == EntryKind::Success || e.http.is_some()));
    let (old, new) = (
        components(&json_of(&openapi(&before, Some("json")))),
        components(&json_of(&openapi(&after, Some("json")))),
    );
    assert!(old.keys().any(|k| k.starts_with("responses/")), "{old:?}");
    for (name, stands_for) in &old {
        assert_eq!(new.get(name), Some(stands_for), "{name} after the edit");
    }
}

#[test]
fn a_catalog_without_errors_has_schemas_only() {
    let catalog = load_source("only-success.errors", ONLY_SUCCESS);
    let doc = json_of(&openapi(&catalog, Some("json")));
    assert!(doc["components"].get("responses").is_none());
    assert_eq!(
        doc["components"]["schemas"]["CalmCode"]["enum"],
        serde_json::json!(["FINE"])
    );
    assert_eq!(doc["info"]["version"], "0.0.0");
}

/// A catalog whose code, envelope field and param name are `n` characters
/// long, and a code of quotes that is `n` characters long once escaped.
fn long_key_catalog(n: usize) -> String {
    let code = "C".repeat(n);
    let quotes = "\\\"".repeat(n.saturating_sub(2) / 2);
    let field = "f".repeat(n);
    let param = "p".repeat(n);
    format!(
        r#"
catalog long {{
  envelope {{
    code "code"
    message "message"
    params "params"
    field "{field}": string
  }}
}}

error plain = "{code}" {{
  http 400
  param {param}: string
  message "Needs {{{param}}}."
}}

error quoted = "{quotes}" {{
  http 400
  message "Quotes."
}}
"#
    )
}

#[test]
fn keys_of_any_length_load() {
    // YAML limits an implicit key to 1,024 characters: a longer code, wire
    // name or param name must still give a document that every parser reads
    // (here yaml_serde and serde_json in `openapi`, PyYAML in the
    // validator), with the key as written.
    let dir = support::temp_dir();
    let mut files = Vec::new();
    for n in [1022, 1023, 1024, 1025, 1026, 1027, 5000] {
        let catalog = load_source("long.errors", &long_key_catalog(n));
        let yaml = openapi(&catalog, None);
        let json = openapi(&catalog, Some("json"));
        let doc = json_of(&json);
        let code = "C".repeat(n);
        let quotes = "\"".repeat(n.saturating_sub(2) / 2);
        let plain = example_of(&doc, &catalog, 0, "application/json");
        assert_eq!(plain["code"], code.as_str(), "{n}");
        let quoted = example_of(&doc, &catalog, 1, "application/json");
        assert_eq!(quoted["code"], quotes.as_str(), "{n}");
        let field = "f".repeat(n);
        let param = "p".repeat(n);
        let schemas = &doc["components"]["schemas"];
        let error = &schemas["LongEnvelope"];
        assert_eq!(error["properties"][&field]["type"], "string", "{n}");
        assert_eq!(
            schemas["LongPlainParams"]["properties"][&param]["type"], "string",
            "{n}"
        );
        assert_eq!(
            schemas["LongError"]["discriminator"]["mapping"][&code],
            "#/components/schemas/LongPlainError"
        );
        assert_eq!(plain["params"][&param], format!("{{{param}}}").as_str());
        for (file, ext) in [(&yaml, "yaml"), (&json, "json")] {
            let path = dir.path().join(format!("long-{n}.openapi.{ext}"));
            std::fs::write(&path, &file.content).unwrap();
            files.push(path);
        }
    }
    // The validator reads JSON with PyYAML too, and YAML's flow mappings
    // (JSON) have the same limit on keys and no way around it: a JSON
    // document with a longer key is valid JSON but only JSON parsers read
    // it. It gets the YAML forms, and the JSON forms whose keys fit.
    let paths: Vec<&Path> = files
        .iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml") || p.to_string_lossy().contains("-1022.")
        })
        .map(PathBuf::as_path)
        .collect();
    let output = openapi_spec_validator(&paths);
    assert!(output.status.success(), "{}", output_text(&output));
    for pair in files.chunks(2) {
        let output = check_py(&[
            "same",
            &pair[0].display().to_string(),
            &pair[1].display().to_string(),
        ]);
        assert!(output.status.success(), "{}", output_text(&output));
    }
}

/// The problem `type` of a code is one IR query, `ProblemType::of`, and the
/// OpenAPI examples and the Markdown page show what it gives: with a
/// `type_base` and without one (`about:blank`).
#[test]
fn the_problem_type_is_the_irs_in_every_document() {
    for (name, base) in [
        ("based", "  type_base \"https://errors.example.com/p/\"\n"),
        ("blank", ""),
    ] {
        let source = format!(
            "catalog {name} {{\n  envelope problem {{\n{base}    code \"code\"\n  }}\n}}\nerror one = \"P_ONE\" {{ message \"One.\" http 404 }}\n"
        );
        let catalog = load_source(&format!("{name}.errors"), &source);
        let problem_type = catalog
            .envelope()
            .problem_type()
            .expect("a problem envelope");
        let expected = problem_type.of(&catalog.entries[0].code);
        assert_eq!(expected.starts_with("https://"), !base.is_empty());

        let doc = json_of(&openapi(&catalog, Some("json")));
        let example = example_of(&doc, &catalog, 0, "application/problem+json");
        assert_eq!(example["type"], *expected);

        let files = Target::Md.generate(&catalog, &Options::new());
        let page = &files[0].content;
        assert!(
            page.contains(&format!("\"type\": \"{expected}\"")),
            "{name}: the page's example has `type` {expected}:\n{page}"
        );
    }
}

/// Two parts of a catalog that would give one schema name (a record
/// `lost_params` and the params of the error `lost`; an error
/// `lost_cli_envelope` and `lost` in the envelope `cli`) are a
/// `duplicate-name` diagnostic naming both, and `errgen compile` writes
/// nothing: a document with a key twice is no document. The catalogs of
/// every other test have none.
#[test]
fn schema_names_that_clash_are_diagnostics() {
    let catalog = load_source(
        "clash.errors",
        r#"
catalog shop {
  locales en
  envelope { code "code" message "message" params "params" }
  envelope cli { error "error" { code "code" message "message" params "details" } }
  envelopes default, cli
}
type lost_params { field n: int }
error lost = "LOST" {
  param hop: lost_params
  message en "Lost."
}
error lost_cli_envelope = "LCE" {
  message en "Gone."
}
"#,
    );
    let found = errgen::generate::clashes([&catalog], Target::OpenApi, &Options::new());
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "two schemas of the OpenAPI document would be named `ShopLostParams`: \
             the record type `lost_params` and the params of `lost`",
            "two schemas of the OpenAPI document would be named `ShopLostCliEnvelopeError`: \
             the error `lost` in envelope `cli` and the error `lost_cli_envelope`",
        ]
    );
    assert!(found.iter().all(|d| d.rule.name() == "duplicate-name"));
    // Another target names no such schemas.
    assert!(errgen::generate::clashes([&catalog], Target::Rust, &Options::new()).is_empty());
    for (name, catalog) in all_catalogs() {
        let found = errgen::generate::clashes([&catalog], Target::OpenApi, &Options::new());
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}
