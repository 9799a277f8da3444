//! What a client does with a received error body: decode it into the typed
//! error of its code (params checked), read an alias as its entry, and keep
//! a code of a newer server as `Unknown` with its code, message and body.

use errgen_consumer::{autoscorer, function_service, k12, legacy, optverse, pipelines, shop};

/// k12: integer codes; the envelope carries no params (its `detail` is any
/// JSON), so a known code decodes to its kind and message, nothing made up.
#[test]
fn k12_decodes_integer_codes_without_params() {
    use k12::{K12DecodeError, K12Decoded, K12Envelope, K12Kind, K12Received};

    let body = r#"{"code":100201,"brief":"Service is not found.","detail":{"service_name":"x"}}"#;
    assert_eq!(
        K12Decoded::decode(body),
        Ok(K12Decoded::Known(K12Received {
            kind: K12Kind::ServiceNotFound,
            message: "Service is not found.".into(),
        }))
    );
    // A code of a newer server keeps its code, message and body.
    let newer = r#"{"code":100777,"brief":"Quota exceeded.","detail":{"limit":3}}"#;
    let K12Decoded::Unknown(unknown) = K12Decoded::decode(newer).unwrap() else {
        panic!("100777 is not a code of this build");
    };
    assert_eq!(unknown.code, "100777");
    assert_eq!(unknown.message, "Quota exceeded.");
    assert_eq!(unknown.body["detail"]["limit"], 3);
    // From an envelope already read, the body is the envelope as JSON.
    let envelope = K12Envelope {
        code: 100777,
        brief: "Quota exceeded.".into(),
        detail: None,
    };
    let K12Decoded::Unknown(unknown) = K12Decoded::try_from(envelope).unwrap() else {
        panic!("100777 is not a code of this build");
    };
    assert_eq!(
        unknown.body,
        serde_json::json!({"code": 100777, "brief": "Quota exceeded."})
    );
    // Not JSON, not the envelope.
    let error = K12Decoded::decode("<html>").unwrap_err();
    assert!(matches!(error, K12DecodeError::Body { .. }), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("not an error response of the `k12` catalog: "));
    let error = K12Decoded::decode(r#"{"code":"100201","brief":"x"}"#).unwrap_err();
    assert!(
        error.to_string().contains("invalid type: string"),
        "{error}"
    );
}

/// autoscorer: params of every structured type are checked, recursively.
#[test]
fn autoscorer_checks_structured_params() {
    use autoscorer::{
        AutoscorerDecodeError, AutoscorerDecoded, AutoscorerError, AutoscorerKind,
        AutoscorerParamValue,
    };

    let body = serde_json::json!({
        "ok": false,
        "stage": "config",
        "code": "CONFIG_VALIDATION_ERROR",
        "message": "The configuration has invalid settings (2 found).",
        "details": {
            "error_count": 2,
            "context": {"file": "config.yaml", "line": 12},
            "suggestions": ["Set workers to a positive number."],
            "related_config": {"workers": -1, "queue": null},
            "errors": [{"field": "workers"}, "queue"],
            // A param this build does not declare: ignored.
            "severity": "high"
        }
    });
    let decoded = AutoscorerDecoded::decode(&body.to_string()).unwrap();
    let AutoscorerDecoded::Known(error) = decoded else {
        panic!("a known code");
    };
    assert_eq!(error.kind(), AutoscorerKind::ConfigValidationError);
    assert_eq!(
        error.param("error_count"),
        Some(&AutoscorerParamValue::Int(2))
    );
    assert_eq!(error.param("severity"), None);
    assert_eq!(error.params().len(), 5);
    assert_eq!(
        error.to_string(),
        "The configuration has invalid settings (2 found)."
    );

    // The error it decodes to is the one a server builds.
    let sent = AutoscorerError::config_file_not_found("/etc/a.yaml".into());
    let envelope = sent.to_envelope(autoscorer::AutoscorerLocale::Zh);
    let text = serde_json::to_string(&envelope).unwrap();
    assert_eq!(
        AutoscorerDecoded::decode(&text),
        Ok(AutoscorerDecoded::Known(sent.clone()))
    );
    assert_eq!(
        AutoscorerDecoded::try_from(envelope),
        Ok(AutoscorerDecoded::Known(sent))
    );

    // A wrong type deep inside: the error names the code, the place, the
    // type expected and what came.
    let mut wrong = body.clone();
    wrong["details"]["suggestions"][0] = serde_json::json!(7);
    let error = AutoscorerDecoded::decode(&wrong.to_string()).unwrap_err();
    assert_eq!(
        error,
        AutoscorerDecodeError::Param {
            code: "CONFIG_VALIDATION_ERROR".into(),
            param: "suggestions[0]".into(),
            expected: "string".into(),
            found: "7".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "code `CONFIG_VALIDATION_ERROR`: param `suggestions[0]` expected string, found 7"
    );
    let mut wrong = body.clone();
    wrong["details"]["context"]["line"] = serde_json::json!("twelve");
    assert_eq!(
        AutoscorerDecoded::decode(&wrong.to_string())
            .unwrap_err()
            .to_string(),
        "code `CONFIG_VALIDATION_ERROR`: param `context.line` expected int, found the string \"twelve\""
    );
    let mut wrong = body.clone();
    wrong["details"]["suggestions"] = serde_json::json!({"a": "b"});
    assert_eq!(
        AutoscorerDecoded::decode(&wrong.to_string())
            .unwrap_err()
            .to_string(),
        "code `CONFIG_VALIDATION_ERROR`: param `suggestions` expected list<string>, found an object"
    );
    // A declared param that is missing is an error, never a made-up value.
    let mut missing = body.clone();
    missing["details"]
        .as_object_mut()
        .unwrap()
        .remove("error_count");
    assert_eq!(
        AutoscorerDecoded::decode(&missing.to_string())
            .unwrap_err()
            .to_string(),
        "code `CONFIG_VALIDATION_ERROR`: param `error_count` expected int, found nothing"
    );
    // `any` takes anything; an optional record field may be absent.
    let mut loose = body;
    loose["details"]["errors"] = serde_json::json!([null, 1.5, [true]]);
    loose["details"]["context"] = serde_json::json!({});
    assert!(AutoscorerDecoded::decode(&loose.to_string()).is_ok());

    // A code of a newer server.
    let newer = r#"{"ok":false,"stage":"scoring","code":"SCORER_GPU_LOST","message":"The GPU went away.","details":{"gpu":[0,1]}}"#;
    let AutoscorerDecoded::Unknown(unknown) = AutoscorerDecoded::decode(newer).unwrap() else {
        panic!("not a code of this build");
    };
    assert_eq!(unknown.code, "SCORER_GPU_LOST");
    assert_eq!(unknown.message, "The GPU went away.");
    assert_eq!(unknown.body["details"]["gpu"][1], 1);
}

/// The function service: a two-level envelope, no params member.
#[test]
fn function_service_decodes_the_inner_code() {
    use function_service::{FunctionServiceDecoded, FunctionServiceKind, FunctionServiceReceived};

    let body = r#"{"errCode":"FSS.0500","errMessage":"call failed","subErrCode":"b_agent_jobnotfound","subErrMessage":"任务不存在。"}"#;
    assert_eq!(
        FunctionServiceDecoded::decode(body),
        Ok(FunctionServiceDecoded::Known(FunctionServiceReceived {
            kind: FunctionServiceKind::AgentJobNotFound,
            message: "任务不存在。".into(),
        }))
    );
    let newer = r#"{"subErrCode":"s_agent_newthing","subErrMessage":"New."}"#;
    let FunctionServiceDecoded::Unknown(unknown) = FunctionServiceDecoded::decode(newer).unwrap()
    else {
        panic!("not a code of this build");
    };
    assert_eq!(
        (unknown.code.as_str(), unknown.message.as_str()),
        ("s_agent_newthing", "New.")
    );
}

/// pipelines: the default flat envelope.
#[test]
fn pipelines_decodes_a_known_and_an_unknown_code() {
    use pipelines::{PipelinesDecoded, PipelinesKind};

    let body = r#"{"code":"PIPELINE_UNKNOWN_INPUT_PARAM","message":"No input x."}"#;
    let PipelinesDecoded::Known(received) = PipelinesDecoded::decode(body).unwrap() else {
        panic!("a known code");
    };
    assert_eq!(received.kind, PipelinesKind::PipelineUnknownInputParam);
    assert_eq!(received.message, "No input x.");
    let newer = r#"{"code":"PIPELINE_NEW","message":"New."}"#;
    assert!(matches!(
        PipelinesDecoded::decode(newer),
        Ok(PipelinesDecoded::Unknown(_))
    ));
}

/// OptVerse: published codes (aliases) decode to their entries.
#[test]
fn optverse_decodes_aliases_as_their_entries() {
    use optverse::{OptverseDecoded, OptverseKind};

    for (code, kind) in [
        ("OptVerse_12080002", OptverseKind::SdkLicenseNotUploaded),
        ("OptVerse_1212080002", OptverseKind::SdkLicenseNotUploaded),
        ("JOB_MANAGER.12050009", OptverseKind::JobManagerFailed),
    ] {
        let body = serde_json::json!({"error_code": code, "error_msg": "m"}).to_string();
        let OptverseDecoded::Known(received) = OptverseDecoded::decode(&body).unwrap() else {
            panic!("{code} is known");
        };
        assert_eq!(received.kind, kind, "{code}");
    }
    let newer = r#"{"error_code":"OptVerse_99999999","error_msg":"New."}"#;
    let OptverseDecoded::Unknown(unknown) = OptverseDecoded::decode(newer).unwrap() else {
        panic!("not a code of this build");
    };
    assert_eq!(unknown.code, "OptVerse_99999999");
}

/// legacy: integer aliases, one beyond 32 bits.
#[test]
fn legacy_decodes_integer_aliases() {
    use legacy::{LegacyDecoded, LegacyKind};

    for code in ["100001", "1001", "5000000001"] {
        let body = format!(r#"{{"code":{code},"message":"Declined."}}"#);
        let LegacyDecoded::Known(received) = LegacyDecoded::decode(&body).unwrap() else {
            panic!("{code} is known");
        };
        assert_eq!(received.kind, LegacyKind::CardDeclined);
    }
    let LegacyDecoded::Unknown(unknown) =
        LegacyDecoded::decode(r#"{"code":100003,"message":"New."}"#).unwrap()
    else {
        panic!("not a code of this build");
    };
    assert_eq!(unknown.code, "100003");
}

/// shop: a problem+json envelope with params; a float param takes an integer.
#[test]
fn shop_decodes_problem_details() {
    use shop::{ShopDecodeError, ShopDecoded, ShopError, ShopLocale};

    let sent = ShopError::price_changed("net".into(), 2.0, true);
    let body = serde_json::to_value(sent.to_envelope(ShopLocale::En)).unwrap();
    assert_eq!(body["params"]["f"], 2.0);
    let mut as_int = body.clone();
    as_int["params"]["f"] = serde_json::json!(2);
    assert_eq!(
        ShopDecoded::decode(&as_int.to_string()),
        Ok(ShopDecoded::Known(sent))
    );
    let mut wrong = body;
    wrong["params"]["self"] = serde_json::json!("yes");
    assert!(matches!(
        ShopDecoded::decode(&wrong.to_string()),
        Err(ShopDecodeError::Param { ref param, ref expected, .. })
            if param == "self" && expected == "bool"
    ));
}
