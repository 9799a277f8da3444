//! The wire corpus (`tests/fixtures/wire/`, see its README): response
//! bodies with the shapes and codes the seed systems send, each decoded
//! with the generated Rust and checked against what the corpus expects.
//! tests/ts/wire.ts does the same with the generated TypeScript, and
//! tests/python/wire_corpus.py with the generated Python.

use errgen_consumer::{autoscorer, function_service, k12, optverse, pipelines};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// What the generated code made of a body, in the corpus's terms.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// A code of the catalog (as JSON: a string or an integer), with its
    /// params when the decoded error has them.
    Known { code: Value, params: Option<Value> },
    /// A code the build does not know, as received (in decimal for an
    /// integer code), with its message kept.
    Unknown { code: String, message: String },
    /// A param of a known code is missing or of the wrong type.
    Invalid { param: String },
    /// Not an error body of the catalog, for this reason.
    NotAnError(String),
}

/// The params of a typed error as a JSON object.
fn params_json<V: serde::Serialize>(params: Vec<(&'static str, V)>) -> Value {
    let mut map = Map::new();
    for (name, value) in params {
        map.insert(name.to_owned(), serde_json::to_value(value).unwrap());
    }
    Value::Object(map)
}

/// `decode` of one catalog's module, in the corpus's terms: `$typed` says
/// whether a known code decodes to the typed error with params, or to its
/// kind and message only (an envelope of the catalog has no params).
macro_rules! decoder {
    ($name:ident, $module:ident, $decoded:ident, $error:ident, typed) => {
        fn $name(body: &str) -> Outcome {
            use $module::{$decoded, $error};
            match $decoded::decode(body) {
                Ok($decoded::Known(error)) => Outcome::Known {
                    code: serde_json::to_value(error.kind()).unwrap(),
                    params: Some(params_json(error.params())),
                },
                Ok($decoded::Unknown(unknown)) => Outcome::Unknown {
                    code: unknown.code,
                    message: unknown.message,
                },
                Err($error::Param { param, .. }) => Outcome::Invalid { param },
                Err(error) => Outcome::NotAnError(error.to_string()),
            }
        }
    };
    ($name:ident, $module:ident, $decoded:ident, $error:ident, received) => {
        fn $name(body: &str) -> Outcome {
            use $module::{$decoded, $error};
            match $decoded::decode(body) {
                Ok($decoded::Known(received)) => Outcome::Known {
                    code: serde_json::to_value(received.kind).unwrap(),
                    params: None,
                },
                Ok($decoded::Unknown(unknown)) => Outcome::Unknown {
                    code: unknown.code,
                    message: unknown.message,
                },
                Err($error::Param { param, .. }) => Outcome::Invalid { param },
                Err(error) => Outcome::NotAnError(error.to_string()),
            }
        }
    };
}

decoder!(
    decode_autoscorer,
    autoscorer,
    AutoscorerDecoded,
    AutoscorerDecodeError,
    typed
);
decoder!(decode_k12, k12, K12Decoded, K12DecodeError, received);
decoder!(
    decode_optverse,
    optverse,
    OptverseDecoded,
    OptverseDecodeError,
    received
);
decoder!(
    decode_function_service,
    function_service,
    FunctionServiceDecoded,
    FunctionServiceDecodeError,
    received
);

/// Whether `body` reads as the struct of the envelope the corpus names.
fn fits(catalog: &str, envelope: &str, body: &Value) -> Result<(), String> {
    fn read<T: serde::de::DeserializeOwned>(body: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(body.clone())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match (catalog, envelope) {
        ("autoscorer", "default") => read::<autoscorer::AutoscorerEnvelope>(body),
        ("autoscorer", "cli") => read::<autoscorer::AutoscorerCliEnvelope>(body),
        ("autoscorer", "callback") => read::<autoscorer::AutoscorerCallbackEnvelope>(body),
        ("autoscorer", "cli_success") => read::<autoscorer::AutoscorerCliSuccessEnvelope>(body),
        ("autoscorer", "callback_success") => {
            read::<autoscorer::AutoscorerCallbackSuccessEnvelope>(body)
        }
        ("k12", "default") => read::<k12::K12Envelope>(body),
        ("k12", "success_body") => read::<k12::K12SuccessBodyEnvelope>(body),
        ("optverse", "default") => read::<optverse::OptverseEnvelope>(body),
        ("function_service", "default") => read::<function_service::FunctionServiceEnvelope>(body),
        _ => Err(format!(
            "the corpus names envelope `{envelope}` of `{catalog}`, which this test does not know"
        )),
    }
}

/// `classify_body` of the pipelines catalog, in the corpus's terms.
fn classify_pipelines(case: &Value) -> Option<(Value, Value)> {
    use pipelines::{PipelinesError, PipelinesUpstream};
    let system = match case["upstream"].as_str() {
        Some("kubeflow") => PipelinesUpstream::Kubeflow,
        Some("kfp_client") => PipelinesUpstream::KfpClient,
        Some("argo") => PipelinesUpstream::Argo,
        other => panic!("{}: unknown upstream {other:?}", case["name"]),
    };
    let status = case["status"].as_u64().map(|s| u16::try_from(s).unwrap());
    let grpc = case["grpc"].as_i64().map(|g| i32::try_from(g).unwrap());
    let body = match &case["body"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let error = PipelinesError::classify_body(system, status, grpc, &body)?;
    Some((
        serde_json::to_value(error.kind()).unwrap(),
        params_json(error.params()),
    ))
}

fn corpus() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wire");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let file: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), file)
        })
        .collect()
}

/// Checks one case; the error says what differs.
fn check(catalog: &str, case: &Value) -> Result<(), String> {
    let expect = &case["expect"];
    let body = &case["body"];
    let envelope = case["envelope"].as_str().unwrap_or("default");
    if expect.get("classified").is_some() {
        if catalog != "pipelines" {
            return Err(format!("no classifier is wired up for `{catalog}`"));
        }
        let got = classify_pipelines(case);
        let want = match &expect["classified"] {
            Value::Null => None,
            code => Some((code.clone(), expect["params"].clone())),
        };
        return if got == want {
            Ok(())
        } else {
            Err(format!("classify_body gave {got:?}, expected {want:?}"))
        };
    }
    fits(catalog, envelope, body).map_err(|e| format!("not a `{envelope}` body: {e}"))?;
    let text = body.to_string();
    let got = match catalog {
        "autoscorer" => decode_autoscorer(&text),
        "k12" => decode_k12(&text),
        "optverse" => decode_optverse(&text),
        "function_service" => decode_function_service(&text),
        other => return Err(format!("no decoder is wired up for `{other}`")),
    };
    let message_of = |body: &Value| {
        // What a decoded unknown error must have kept: the message member
        // of the body or of its nested error object.
        ["message", "brief", "error_msg", "subErrMessage"]
            .iter()
            .find_map(|m| body.get(m).or_else(|| body.get("error")?.get(m)))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let ok = match (&got, expect) {
        (Outcome::Known { code, params }, want)
            if want.get("known").is_some() && want.get("success").is_none() =>
        {
            *code == want["known"]
                && match (params, want.get("params")) {
                    (_, None) => true,
                    (Some(got), Some(want)) => got == want,
                    (None, Some(_)) => false,
                }
        }
        (Outcome::Known { code, .. }, want) if want.get("success").is_some() => {
            want.get("known") == Some(code)
        }
        (Outcome::NotAnError(_), want) if want.get("success").is_some() => {
            want.get("known").is_none()
        }
        (Outcome::Unknown { code, message }, want) => {
            let want_code = match &want["unknown"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            want.get("unknown").is_some() && *code == want_code && *message == message_of(body)
        }
        (Outcome::Invalid { param }, want) => want.get("invalid") == Some(&json!(param)),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("decoded {got:?}, expected {expect}"))
    }
}

#[test]
fn every_body_of_the_corpus_decodes_as_the_corpus_expects() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (path, file) in corpus() {
        let catalog = file["catalog"].as_str().unwrap();
        for case in file["cases"].as_array().unwrap() {
            cases += 1;
            if let Err(why) = check(catalog, case) {
                failures.push(format!("{path}: {}: {why}", case["name"]));
            }
        }
    }
    assert!(
        cases >= 25,
        "the corpus has {cases} cases: is it all there?"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The check is not vacuous: a wrong expectation of each kind fails.
#[test]
fn a_wrong_expectation_fails() {
    let (_, file) = corpus()
        .into_iter()
        .find(|(_, f)| f["catalog"] == "autoscorer")
        .unwrap();
    let cases = file["cases"].as_array().unwrap();
    let find = |key: &str| {
        cases
            .iter()
            .find(|c| c["expect"].get(key).is_some())
            .unwrap()
            .clone()
    };
    let mut known = find("known");
    known["expect"]["params"]["error_count"] = json!(3);
    assert!(check("autoscorer", &known).is_err());
    let mut unknown = find("unknown");
    unknown["expect"]["unknown"] = json!("SOMETHING_ELSE");
    assert!(check("autoscorer", &unknown).is_err());
    let mut invalid = find("invalid");
    invalid["expect"]["invalid"] = json!("other");
    assert!(check("autoscorer", &invalid).is_err());
    let mut success = find("success");
    success["expect"]["known"] = json!("CONFIG_PARSE_ERROR");
    assert!(check("autoscorer", &success).is_err());
    let mut shape = find("known");
    shape["envelope"] = json!("cli");
    assert!(check("autoscorer", &shape).is_err());
}
