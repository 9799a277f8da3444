//! What a backend does with the generated modules: construct errors, render
//! them in several locales, look codes up, put errors on the wire and read
//! them back, and recognise upstream errors.

use errgen_consumer::{
    autoscorer, bindings, every, function_service, hostile, k12, legacy, nested, optverse,
    pipelines, shop,
};
use std::collections::BTreeMap;
use std::str::FromStr;

#[test]
fn k12_integer_codes() {
    use k12::{K12Error, K12Kind, K12Locale};

    let error = K12Error::service_not_found("k12nlp".into());
    assert_eq!(error.code(), 100201_u32);
    assert_eq!(error.kind(), K12Kind::ServiceNotFound);
    assert_eq!(
        error.message(K12Locale::En),
        "There is no running service called k12nlp."
    );
    assert_eq!(
        error.message(K12Locale::Zh),
        "找不到名为 k12nlp 的运行中服务。"
    );
    assert_eq!(error.to_string(), error.message(K12Locale::DEFAULT));
    // `Debug` and `PartialEq` (written from the tables) as derived ones are.
    assert_eq!(
        format!("{error:?}"),
        r#"ServiceNotFound { service_name: "k12nlp" }"#
    );
    assert_eq!(format!("{:?}", K12Error::ok()), "Ok");
    assert_eq!(error.clone(), error);
    assert_ne!(error, K12Error::service_not_found("k12asr".into()));
    assert_ne!(error, K12Error::ok());
    assert_eq!(error.http_status(), None);
    assert!(!error.is_retryable());

    // Lookup: from an integer, from a string, and what fails.
    assert_eq!(K12Kind::from_code(100201), Some(K12Kind::ServiceNotFound));
    assert_eq!(
        K12Kind::try_from(100402_u32),
        Ok(K12Kind::ContainerAlreadyRunning)
    );
    assert_eq!(K12Kind::from_str("100101"), Ok(K12Kind::JsonKeyNotFound));
    assert_eq!("100000".parse::<K12Kind>(), Ok(K12Kind::Ok));
    let unknown = "100100".parse::<K12Kind>().unwrap_err();
    assert_eq!(unknown.code(), "100100");
    assert_eq!(
        unknown.to_string(),
        "unknown code `100100` in the `k12` catalog"
    );
    assert!("not a number".parse::<K12Kind>().is_err());
    assert!(K12Kind::try_from(100_u32).is_err());

    // The success code is an entry like any other.
    assert!(K12Kind::Ok.is_success());
    assert!(!K12Kind::ServiceNotFound.is_success());
    assert_eq!(
        K12Error::ok().message(K12Locale::En),
        "The request was carried out."
    );

    // ALL lists every code once, in catalog order.
    assert_eq!(K12Kind::ALL[0], K12Kind::Ok);
    for kind in K12Kind::ALL {
        assert_eq!(K12Kind::from_code(kind.code()), Some(kind));
        assert_eq!(kind.to_string(), kind.code().to_string());
    }

    // The envelope `{code, brief, detail}` with the integer code, via serde.
    let envelope = error.to_envelope(K12Locale::En);
    let json = serde_json::to_string(&envelope).unwrap();
    assert_eq!(
        json,
        r#"{"code":100201,"brief":"There is no running service called k12nlp."}"#
    );
    let back: k12::K12Envelope = serde_json::from_str(&json).unwrap();
    assert_eq!(back, envelope);
    assert_eq!(back.kind(), Some(K12Kind::ServiceNotFound));
    // `detail` is `any`: a string for one code, an object for another
    // (seed 000), and both read back as they were sent.
    let with_detail: k12::K12Envelope =
        serde_json::from_str(r#"{"code":100499,"brief":"x","detail":"Traceback …"}"#).unwrap();
    assert_eq!(
        with_detail.detail,
        Some(k12::K12ParamValue::Str("Traceback …".into()))
    );
    assert_eq!(with_detail.kind(), Some(K12Kind::ContainerInternalError));
    let body =
        r#"{"code":100201,"brief":"Service is not found.","detail":{"service_name":"xxxk12nlp"}}"#;
    let with_object: k12::K12Envelope = serde_json::from_str(body).unwrap();
    assert_eq!(with_object.kind(), Some(K12Kind::ServiceNotFound));
    let object = BTreeMap::from([(
        "service_name".to_owned(),
        k12::K12ParamValue::Str("xxxk12nlp".into()),
    )]);
    assert_eq!(with_object.detail, Some(k12::K12ParamValue::Map(object)));
    assert_eq!(
        serde_json::to_value(&with_object).unwrap(),
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );

    // The kind (de)serializes as its code.
    assert_eq!(
        serde_json::to_string(&K12Kind::JsonValueInvalid).unwrap(),
        "100102"
    );
    assert_eq!(
        serde_json::from_str::<K12Kind>("100102").unwrap(),
        K12Kind::JsonValueInvalid
    );
    assert!(serde_json::from_str::<K12Kind>("100103").is_err());
}

#[test]
fn autoscorer_envelope_with_stage_constant_and_params() {
    use autoscorer::{
        AutoscorerEnvelope, AutoscorerError, AutoscorerKind, AutoscorerLocale, AutoscorerParamValue,
    };

    let error = AutoscorerError::container_exit_nonzero(
        "team7/model:v2".into(),
        137,
        "/ws/logs/container.log".into(),
        vec!["Check container logs for error details".into()],
    );
    assert_eq!(error.code(), "CONTAINER_EXIT_NONZERO");
    assert_eq!(error.stage(), "execution");
    assert_eq!(
        error.message(AutoscorerLocale::En),
        "The container of image team7/model:v2 ended with exit status 137."
    );
    assert_eq!(
        error.message(AutoscorerLocale::Zh),
        "镜像 team7/model:v2 的容器以退出码 137 结束。"
    );
    assert_eq!(
        error.params(),
        vec![
            (
                "image",
                AutoscorerParamValue::Str("team7/model:v2".to_owned())
            ),
            ("exit_code", AutoscorerParamValue::Int(137)),
            (
                "logs_path",
                AutoscorerParamValue::Str("/ws/logs/container.log".to_owned())
            ),
            (
                "suggestions",
                AutoscorerParamValue::List(vec![AutoscorerParamValue::Str(
                    "Check container logs for error details".to_owned()
                )])
            )
        ]
    );

    let envelope = error.to_envelope(AutoscorerLocale::En);
    assert!(!envelope.ok);
    assert_eq!(envelope.logs, None);
    let json = serde_json::to_value(&envelope).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "ok": false,
            "stage": "execution",
            "code": "CONTAINER_EXIT_NONZERO",
            "message": "The container of image team7/model:v2 ended with exit status 137.",
            // Typed on the wire: an `int` param is a JSON number.
            "details": {
                "image": "team7/model:v2",
                "exit_code": 137,
                // A wire-only param and a list: sent, typed, in no message.
                "logs_path": "/ws/logs/container.log",
                "suggestions": ["Check container logs for error details"]
            }
        })
    );
    let back: AutoscorerEnvelope = serde_json::from_value(json).unwrap();
    assert_eq!(back, envelope);

    // A body from the service, with logs and without details.
    let body = r#"{"ok":false,"stage":"config","code":"CONFIG_PARSE_ERROR","message":"…","logs":"/tmp/x.log"}"#;
    let received: AutoscorerEnvelope = serde_json::from_str(body).unwrap();
    assert_eq!(received.kind(), Some(AutoscorerKind::ConfigParseError));
    assert_eq!(received.logs.as_deref(), Some("/tmp/x.log"));
    assert!(received.details.is_empty());

    // Structured params: a record (its optional fields left out when
    // absent), a list, a map of any JSON; each round-trips through serde.
    let context = autoscorer::AutoscorerContext {
        file: Some("config.yaml".into()),
        line: Some(12),
        sample: None,
    };
    let related = BTreeMap::from([
        ("time_limit".to_owned(), AutoscorerParamValue::Int(600)),
        (
            "gpus".to_owned(),
            AutoscorerParamValue::List(vec![
                AutoscorerParamValue::Int(0),
                AutoscorerParamValue::Null,
            ]),
        ),
    ]);
    let error = AutoscorerError::config_validation_error(
        3,
        context.clone(),
        vec![
            "Run `autoscorer config validate`".into(),
            "Fix \"time_limit\"".into(),
        ],
        related,
        vec![AutoscorerParamValue::Float(1.5)],
    );
    assert_eq!(
        error.message(AutoscorerLocale::En),
        "The configuration has invalid settings (3 found)."
    );
    let json = serde_json::to_value(error.to_envelope(AutoscorerLocale::En)).unwrap();
    assert_eq!(
        json["details"],
        serde_json::json!({
            "error_count": 3,
            "context": { "file": "config.yaml", "line": 12 },
            "suggestions": ["Run `autoscorer config validate`", "Fix \"time_limit\""],
            "related_config": { "time_limit": 600, "gpus": [0, null] },
            "errors": [1.5]
        })
    );
    let back: AutoscorerEnvelope = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    // The record struct reads the object the service sends.
    let read: autoscorer::AutoscorerContext =
        serde_json::from_value(json["details"]["context"].clone()).unwrap();
    assert_eq!(read, context);
    // A structured param's `Display` is its JSON, for logs.
    assert_eq!(
        error
            .param("suggestions")
            .map(ToString::to_string)
            .as_deref(),
        Some(r#"["Run `autoscorer config validate`","Fix \"time_limit\""]"#)
    );
    assert_eq!(
        error.param("context").map(ToString::to_string).as_deref(),
        Some(r#"{"file":"config.yaml","line":12}"#)
    );

    // The CLI's body (seed 001): an array and an object in `details`.
    let body = r#"{"ok":false,"stage":"execution","code":"CONTAINER_EXIT_NONZERO","message":"Container exited with code 1","details":{"exit_code":1,"image":"python:3.10-slim","logs_path":"/path/to/logs/container.log","suggestions":["Check container logs for error details","Verify input data format"],"context":{"file":"main.py"}}}"#;
    let received: AutoscorerEnvelope = serde_json::from_str(body).unwrap();
    assert_eq!(received.kind(), Some(AutoscorerKind::ContainerExitNonzero));
    assert!(matches!(
        received.details.get("suggestions"),
        Some(AutoscorerParamValue::List(items)) if items.len() == 2
    ));
    assert!(matches!(
        received.details.get("context"),
        Some(AutoscorerParamValue::Map(_))
    ));
    assert_eq!(
        serde_json::to_value(&received).unwrap(),
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );

    assert!(AutoscorerKind::ImagePullFailed.is_retryable());
    assert_eq!(AutoscorerKind::FileNotFound.stage(), "scorer_management");
    assert_eq!(
        "WORKSPACE_NOT_FOUND".parse::<AutoscorerKind>(),
        Ok(AutoscorerKind::WorkspaceNotFound)
    );
    assert!(
        "EXEC_ERROR".parse::<AutoscorerKind>().is_err(),
        "removed in 2.0.0"
    );
}

#[test]
fn function_service_two_level_envelope_and_chinese_default() {
    use function_service::{
        FunctionServiceEnvelope, FunctionServiceError, FunctionServiceKind, FunctionServiceLocale,
    };

    assert_eq!(FunctionServiceLocale::DEFAULT, FunctionServiceLocale::Zh);
    let error = FunctionServiceError::session_role_invalid("auditor".into());
    assert_eq!(error.to_string(), "角色 auditor 不合法。");
    assert_eq!(
        error.message(FunctionServiceLocale::En),
        "The role auditor is not valid."
    );
    assert_eq!(error.code(), "b_session_roleidnotvalid");

    // The catalog's code and message go inside; the outer pair belongs to
    // the failed internal call and is left out.
    let envelope = error.to_envelope(FunctionServiceLocale::Zh);
    let json = serde_json::to_string(&envelope).unwrap();
    assert_eq!(
        json,
        r#"{"subErrCode":"b_session_roleidnotvalid","subErrMessage":"角色 auditor 不合法。"}"#
    );
    let mut received: FunctionServiceEnvelope = serde_json::from_str(
        r#"{"errCode":"InternalError","errMessage":"upstream timed out","subErrCode":"s_common_lockfail","subErrMessage":"内部错误"}"#,
    )
    .unwrap();
    assert_eq!(received.kind(), Some(FunctionServiceKind::LockFailed));
    assert_eq!(received.err_code.as_deref(), Some("InternalError"));
    received.err_code = None;
    received.err_message = None;
    assert_eq!(
        serde_json::to_string(&received).unwrap(),
        r#"{"subErrCode":"s_common_lockfail","subErrMessage":"内部错误"}"#
    );
    assert!(FunctionServiceKind::LockFailed.is_retryable());
}

/// Responses the Kubeflow Pipelines API really sent (the troubleshooting
/// notes of seed 003): the HTTP status of the `ApiException` and its body.
const KFP_RESPONSES: &[(u16, &str)] = &[
    (
        500,
        r#"{"error":"Failed to create a new run.: InternalServerError: failed to generate the ExecutionSpec.: Failed to verify parameters.: Invalid input error: Unrecognized input parameter: gs_secret","code":13,"message":"Failed to create a new run.: InternalServerError: failed to generate the ExecutionSpec.: Failed to verify parameters.: Invalid input error: Unrecognized input parameter: gs_secret","details":[{"@type":"type.googleapis.com/api.Error","error_message":"Internal Server Error"}]}"#,
    ),
    (
        403,
        r#"{"error":"Failed to authorize with API resource references: Failed to authorize with API resource references: PermissionDenied: User 'user@example.com' is not authorized with reason:  (request: \u0026ResourceAttributes{Namespace:kubeflow-user-example-com_,Verb:list,Group:pipelines.kubeflow.org,Version:v1beta1,Resource:experiments,Subresource:,Name:,}): Unauthorized access","code":7,"message":"Failed to authorize with API resource references: Failed to authorize with API resource references: PermissionDenied: User 'user@example.com' is not authorized with reason:  (request: \u0026ResourceAttributes{Namespace:kubeflow-user-example-com_,Verb:list,Group:pipelines.kubeflow.org,Version:v1beta1,Resource:experiments,Subresource:,Name:,}): Unauthorized access"}"#,
    ),
    (
        400,
        r#"{"error":"Validate create run request failed.: Invalid input error: The input parameter length exceed maximum size of 10000.","code":3,"message":"Validate create run request failed.: Invalid input error: The input parameter length exceed maximum size of 10000."}"#,
    ),
    (
        404,
        r#"{"error":"Failed to get namespace from pipelineId.: Failed to get namespace from Pipeline ID: ResourceNotFoundError: Pipeline  not found.","code":5,"message":"Failed to get namespace from pipelineId.: Failed to get namespace from Pipeline ID: ResourceNotFoundError: Pipeline  not found."}"#,
    ),
];

/// Classifies a KFP response the way a client does: the status of the
/// exception, and the gRPC code and message of its JSON body.
fn classify_kfp(status: u16, body: &str) -> Option<pipelines::PipelinesError> {
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    let grpc = body["code"].as_i64().map(|c| i32::try_from(c).unwrap());
    pipelines::PipelinesError::classify(Some(status), grpc, body["message"].as_str().unwrap())
}

#[test]
fn pipelines_classifies_real_kubeflow_errors() {
    use pipelines::{PipelinesError, PipelinesKind, PipelinesLocale};

    let classified: Vec<Option<PipelinesError>> = KFP_RESPONSES
        .iter()
        .map(|(status, body)| classify_kfp(*status, body))
        .collect();
    assert_eq!(
        classified,
        vec![
            Some(PipelinesError::pipeline_unknown_input_param(
                "gs_secret".into()
            )),
            Some(PipelinesError::pipeline_unauthorized_namespace(
                "user@example.com".into(),
                "kubeflow-user-example-com_".into()
            )),
            Some(PipelinesError::pipeline_param_too_long(10000)),
            // Its mapping also matches the body's `detail` field, which
            // `classify` does not read (`classify_body` does, below).
            None,
        ]
    );

    let unknown = classified[0].as_ref().unwrap();
    assert_eq!(
        unknown.message(PipelinesLocale::Ko),
        "파이프라인에 gs_secret(이)라는 입력 파라미터가 없습니다."
    );
    assert_eq!(
        unknown.message(PipelinesLocale::En),
        "The pipeline has no input parameter called gs_secret."
    );
    assert_eq!(
        PipelinesLocale::from_tag("en-US"),
        Some(PipelinesLocale::En)
    );
    assert_eq!(PipelinesLocale::from_tag("KO"), Some(PipelinesLocale::Ko));
    assert_eq!(PipelinesLocale::from_tag("de"), None);

    // A step's message from the dashboard: no status or gRPC code at all.
    let step = "task 'hibernation-project-9kj4p.set-config' errored: pods \"hibernation-project-9kj4p-3036383870\" is forbidden: failed quota: kf-resource-quota: must specify cpu,memory";
    assert_eq!(
        PipelinesError::classify(None, None, step),
        Some(PipelinesError::pipeline_quota_requires_resources(
            "kf-resource-quota".into(),
            "cpu,memory".into()
        ))
    );

    // `contains` rules, and conditions that must all hold.
    let reset = "Post \"https://10.96.0.1:443/apis/authorization.k8s.io/v1/subjectaccessreviews\": read tcp 172.17.0.27:59254->10.96.0.1:443: read: connection reset by peer";
    assert_eq!(
        PipelinesError::classify(Some(500), Some(13), reset),
        Some(PipelinesError::pipeline_connection_reset())
    );
    assert_eq!(PipelinesError::classify(Some(502), Some(13), reset), None);
    assert_eq!(PipelinesError::classify(None, None, reset), None);
    assert_eq!(
        PipelinesError::classify(None, None, "KeyError: 'authservice_session'").map(|e| e.kind()),
        Some(PipelinesKind::PipelineLoginFailed)
    );
    assert_eq!(
        PipelinesError::classify(Some(500), Some(13), "all is well"),
        None
    );
}

/// Bodies shaped as the Kubeflow Pipelines API sends them (an HTTP status,
/// and JSON with the gRPC code in `code`, the message in `message` and
/// details in `details[0]`), with texts of our own.
const KUBEFLOW_BODIES: &[(u16, &str)] = &[
    (
        500,
        r#"{"error":"run creation failed: bad spec: Unrecognized input parameter: learning_rate","code":13,"message":"run creation failed: bad spec: Unrecognized input parameter: learning_rate","details":[{"@type":"type.googleapis.com/api.Error","error_message":"Internal Server Error","error_details":"bad spec"}]}"#,
    ),
    (
        404,
        r#"{"error":"lookup failed: Failed to get namespace from Pipeline ID: no such row","code":5,"message":"lookup failed: Failed to get namespace from Pipeline ID: no such row","details":[{"@type":"type.googleapis.com/api.Error","error_message":"Pipeline  not found.","error_details":"no such row"}]}"#,
    ),
    (
        400,
        r#"{"error":"request rejected: The input parameter length exceed maximum size of 2048.","code":3,"message":"request rejected: The input parameter length exceed maximum size of 2048.","details":[]}"#,
    ),
    (
        403,
        r#"{"error":"denied: User 'ana@example.org' is not authorized with reason: (request: ResourceAttributes{Namespace:team-ml,Verb:get,})","code":7,"message":"denied: User 'ana@example.org' is not authorized with reason: (request: ResourceAttributes{Namespace:team-ml,Verb:get,})"}"#,
    ),
];

#[test]
fn pipelines_classifies_bodies_as_each_system_sends_them() {
    use pipelines::{PipelinesError, PipelinesUpstream};

    let kubeflow = |status: u16, body: &str| {
        PipelinesError::classify_body(PipelinesUpstream::Kubeflow, Some(status), None, body)
    };
    let classified: Vec<Option<PipelinesError>> = KUBEFLOW_BODIES
        .iter()
        .map(|&(status, body)| kubeflow(status, body))
        .collect();
    assert_eq!(
        classified,
        vec![
            Some(PipelinesError::pipeline_unknown_input_param(
                "learning_rate".into()
            )),
            Some(PipelinesError::pipeline_not_found()),
            Some(PipelinesError::pipeline_param_too_long(2048)),
            Some(PipelinesError::pipeline_unauthorized_namespace(
                "ana@example.org".into(),
                "team-ml".into()
            )),
        ]
    );

    // The gRPC code comes from the body, not from the caller: a wrong one
    // in the body, or the wrong status, means no match.
    let (_, not_found) = KUBEFLOW_BODIES[1];
    assert_eq!(
        kubeflow(404, &not_found.replace(r#""code":5"#, r#""code":13"#)),
        None
    );
    assert_eq!(kubeflow(500, not_found), None);
    assert_eq!(
        PipelinesError::classify_body(PipelinesUpstream::Kubeflow, Some(404), Some(13), not_found),
        Some(PipelinesError::pipeline_not_found())
    );
    // The detail the mapping matches on is missing or says something else.
    let no_detail = r#"{"code":5,"message":"Failed to get namespace from Pipeline ID"}"#;
    assert_eq!(kubeflow(404, no_detail), None);
    let other_detail = r#"{"code":5,"message":"Failed to get namespace from Pipeline ID","details":[{"error_message":"Experiment not found."}]}"#;
    assert_eq!(kubeflow(404, other_detail), None);
    // Not JSON at all (a proxy's page): nothing to read.
    assert_eq!(kubeflow(500, "<html>502 Bad Gateway</html>"), None);

    // Text systems: the body is the message; only that system's mappings.
    let quota = "step train-7 failed: pods \"train-7-pod\" is forbidden: failed quota: team-quota: must specify cpu,memory";
    assert_eq!(
        PipelinesError::classify_body(PipelinesUpstream::Argo, None, None, quota),
        Some(PipelinesError::pipeline_quota_requires_resources(
            "team-quota".into(),
            "cpu,memory".into()
        ))
    );
    assert_eq!(
        PipelinesError::classify_body(PipelinesUpstream::KfpClient, None, None, quota),
        None
    );
    let login = "Traceback (most recent call last): ... KeyError: 'authservice_session'";
    assert_eq!(
        PipelinesError::classify_body(PipelinesUpstream::KfpClient, Some(500), None, login),
        Some(PipelinesError::pipeline_login_failed())
    );
    assert_eq!(
        PipelinesUpstream::from_name("kfp_client"),
        Some(PipelinesUpstream::KfpClient)
    );
    assert_eq!(PipelinesUpstream::Argo.name(), "argo");
    assert_eq!(PipelinesUpstream::ALL.len(), 3);
}

#[test]
fn optverse_prefixes_and_aliases() {
    use optverse::{OptverseEnvelope, OptverseError, OptverseKind, OptverseLocale};

    let error = OptverseError::agency_token_failed("d-42".into(), "timeout".into());
    assert_eq!(error.code(), "OptVerse_10000007");
    assert_eq!(error.http_status(), 400_u16, "every entry has a status");
    assert_eq!(
        error.message(OptverseLocale::En),
        "Could not get the agency token for domain d-42: timeout."
    );
    assert_eq!(
        error.message(OptverseLocale::Zh),
        "无法取得 domainId d-42 的委托 token，原因：timeout。"
    );
    assert_eq!(
        error.to_envelope(OptverseLocale::Zh),
        OptverseEnvelope {
            error_code: "OptVerse_10000007".into(),
            error_msg: "无法取得 domainId d-42 的委托 token，原因：timeout。".into(),
        }
    );
    assert_eq!(
        OptverseKind::from_code("JOB_MANAGER_12000001"),
        Some(OptverseKind::SystemUnresponsive)
    );
    assert!(OptverseKind::SystemUnresponsive.is_retryable());
    // The published codes the catalog lists as aliases are read as their
    // entries; the kind's code stays the canonical one.
    assert_eq!(
        OptverseKind::from_code("JOB_MANAGER.12050009"),
        Some(OptverseKind::JobManagerFailed)
    );
    assert_eq!(
        OptverseKind::from_str("OptVerse_1212080003"),
        Ok(OptverseKind::SdkVersionNotFound)
    );
    let published = OptverseEnvelope {
        error_code: "OptVerse_1212080002".into(),
        error_msg: "SDK license file has not been uploaded.".into(),
    };
    assert_eq!(published.kind(), Some(OptverseKind::SdkLicenseNotUploaded));
    assert_eq!(
        OptverseKind::SdkLicenseNotUploaded.code(),
        "OptVerse_12080002"
    );
    assert_eq!(OptverseKind::from_code("OptVerse_1212080009"), None);
    assert_eq!(OptverseLocale::from_tag("zh-CN"), Some(OptverseLocale::Zh));
    assert_eq!(
        OptverseLocale::from_tag("zh_Hans"),
        Some(OptverseLocale::Zh)
    );
    assert_eq!(OptverseLocale::Zh.to_string(), "zh");
    // A typed error is a std error.
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().starts_with("Could not get"));
}

#[test]
fn hostile_messages_render_exactly_as_written() {
    use hostile::{HostileError, HostileLocale, HostileParamValue};

    let typed = HostileError::r#type("d".into(), 7);
    let delete = HostileError::delete("S".into());
    let expected: &[(HostileError, [&str; 3])] = &[
        (
            typed.clone(),
            [
                "Quote \" backslash \\ backtick ` dollar-brace ${x} close-comment */ braces { } value d n=7",
                "引号 \" 反斜杠 \\ 反引号 ` ${x} */ { } 值 d n=7",
                "따옴표 \" 역슬래시 \\ 백틱 ` ${x} */ { } 값 d n=7",
            ],
        ),
        (
            HostileError::r#match(),
            [
                "Line one\nLine two\twith a tab and a NUL \0 here",
                "第一行\n第二行\t制表符",
                "첫 줄\n둘째 줄\t탭",
            ],
        ),
        (
            HostileError::r#enum(),
            [
                "</script><script>alert(1)</script> & <!-- -->",
                "</script> 中文 & <!-- -->",
                "</script> 한국어 & <!-- -->",
            ],
        ),
        (
            HostileError::default(),
            [
                "Right-to-left \u{200f}mark\u{200e}, emoji \u{1f600}\u{1f469}\u{200d}\u{1f4bb}, and \u{7f} delete",
                "从右到左 \u{200f}标记，表情 \u{1f600}",
                "오른쪽에서 왼쪽 \u{200f}표시, 이모지 \u{1f600}",
            ],
        ),
        (
            delete.clone(),
            [
                "'single' \"double\" `back` S \\n is not a newline",
                "'单' \"双\" `反` S",
                "'홑' \"겹\" `역` S",
            ],
        ),
        (
            HostileError::hostile_self(),
            [
                "A multi-line message:\n  indented \"quotes\" and \\ backslashes stay raw here,\nand it ends without a newline.",
                "多行",
                "여러 줄",
            ],
        ),
    ];
    assert_eq!(expected.len(), hostile::HostileKind::ALL.len());
    for (error, texts) in expected {
        for (locale, text) in HostileLocale::ALL.into_iter().zip(texts) {
            assert_eq!(error.message(locale), *text, "{error:?} in {locale}");
        }
        assert_eq!(error.to_string(), texts[0]);
        // And through JSON, unchanged.
        let envelope = error.to_envelope(HostileLocale::Ko);
        let json = serde_json::to_string(&envelope).unwrap();
        let back: hostile::HostileEnvelope = serde_json::from_str(&json).unwrap();
        assert_eq!(back.message, texts[2]);
        assert_eq!(back, envelope);
    }
    // Params named after keywords keep their catalog names on the wire.
    assert_eq!(
        typed.params(),
        vec![
            ("default", HostileParamValue::Str("d".to_owned())),
            ("match", HostileParamValue::Int(7))
        ]
    );
    assert_eq!(
        delete.params(),
        vec![("self", HostileParamValue::Str("S".to_owned()))]
    );
    let details: BTreeMap<String, HostileParamValue> =
        delete.to_envelope(HostileLocale::En).details;
    assert_eq!(
        details.get("self").map(ToString::to_string).as_deref(),
        Some("S")
    );
}

#[test]
fn shop_problem_details_typed_params_and_fallbacks() {
    use shop::{ShopEnvelope, ShopError, ShopKind, ShopLocale};

    let error = ShopError::out_of_stock("apples".into(), 3);
    assert_eq!(
        error.message(ShopLocale::PtBr),
        "Restam apenas 3 de apples."
    );
    assert_eq!(error.message(ShopLocale::ZhHans), "apples 只剩 3 件。");
    let json = serde_json::to_value(error.to_envelope(ShopLocale::En)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "https://errors.example.com/shop/SHOP_0001",
            "title": "Out of stock",
            "status": 409,
            "detail": "Only 3 of apples left.",
            "code": "SHOP_0001",
            "params": { "item": "apples", "left": 3 }
        })
    );
    // RFC 9457: the title is the problem type's, the same for every
    // occurrence and locale; the occurrence is in `detail`.
    let other = ShopError::out_of_stock("pears".into(), 1).to_envelope(ShopLocale::PtBr);
    assert_eq!(other.title, "Out of stock");
    assert_eq!(other.detail, "Restam apenas 1 de pears.");
    let back: ShopEnvelope = serde_json::from_value(json).unwrap();
    assert_eq!(back, error.to_envelope(ShopLocale::En));
    // No HTTP status in the catalog: a problem still has one, 500.
    let closed = ShopError::shop_closed().to_envelope(ShopLocale::En);
    assert_eq!(closed.status, 500);
    assert_eq!(
        serde_json::to_string(&closed).unwrap(),
        r#"{"type":"https://errors.example.com/shop/SHOP_0101","title":"Shop closed","status":500,"detail":"The shop is closed.","code":"SHOP_0101"}"#
    );

    // Keyword and formatter-named params, floats and bools.
    let price = ShopError::price_changed("bulk".into(), 2.5, true);
    assert_eq!(
        price.to_string(),
        "The bulk price is now 2.5 (confirmed: true)."
    );
    // No zh-Hans message: the default locale's.
    assert_eq!(price.message(ShopLocale::ZhHans), price.to_string());
    assert_eq!(
        format!("{}", price.display_in(ShopLocale::PtBr)),
        "O preço bulk agora é 2.5 (confirmado: true)."
    );

    // Locale tags: case, separators and primary subtags.
    assert_eq!(ShopLocale::from_tag("pt-br"), Some(ShopLocale::PtBr));
    assert_eq!(ShopLocale::from_tag("pt"), Some(ShopLocale::PtBr));
    assert_eq!(ShopLocale::from_tag("zh_hans"), Some(ShopLocale::ZhHans));
    assert_eq!(ShopLocale::from_tag("zh-TW"), Some(ShopLocale::ZhHans));
    assert_eq!(
        ShopLocale::ALL,
        [ShopLocale::En, ShopLocale::PtBr, ShopLocale::ZhHans]
    );

    // Typed captures; a capture that does not parse means no match.
    assert_eq!(
        ShopError::classify(Some(409), None, "only 12 left of pears"),
        Some(ShopError::out_of_stock("pears".into(), 12))
    );
    assert_eq!(
        ShopError::classify(Some(500), None, "only 12 left of pears"),
        None
    );
    // The group `slot_id` fills the param `slotId`, as in TypeScript.
    assert_eq!(
        ShopError::classify(Some(409), None, "slot A7 is taken"),
        Some(ShopError::slot_taken("A7".into()))
    );
    assert_eq!(
        ShopError::classify(None, None, "price of bulk changed to 3.25 confirmed=true"),
        Some(ShopError::price_changed("bulk".into(), 3.25, true))
    );
    assert_eq!(
        ShopError::classify(None, None, "price of bulk changed to 3.25"),
        Some(ShopError::price_changed("bulk".into(), 3.25, false)),
        "a group that did not take part gives the default"
    );
    assert_eq!(
        ShopError::classify(None, None, "price of bulk changed to 1.2.3"),
        None
    );
    assert_eq!(
        ShopError::classify(Some(410), Some(5), "the basket gone stale").map(|e| e.kind()),
        Some(ShopKind::BasketExpired)
    );
    assert_eq!(ShopKind::UnknownItem.grpc_code(), Some(5));
    assert_eq!(
        ShopError::unknown_item("x".into()).message(ShopLocale::ZhHans),
        "没有商品 x。"
    );
}

#[test]
fn two_catalogs_share_a_module() {
    use errgen_consumer::together::{K12Kind, OptverseKind};
    assert_eq!(K12Kind::ALL.len(), k12::K12Kind::ALL.len());
    assert_eq!(OptverseKind::ALL.len(), optverse::OptverseKind::ALL.len());
}

/// Params named after the generated code's own locals (`locale`, `f`, …)
/// render as written, in every locale, and classify fills them.
#[test]
fn bindings_params_named_like_generated_locals() {
    use bindings::{BindingsError, BindingsKind, BindingsLocale, BindingsParamValue};

    let s = |v: &str| v.to_owned();
    let locals = BindingsError::locals(
        s("L"),
        s("F"),
        s("S"),
        s("P"),
        s("E"),
        7,
        s("R"),
        s("C"),
        s("M"),
        1,
        2,
        s("T"),
        s("A"),
        s("U"),
        s("G"),
        s("X"),
        s("Y"),
        s("H"),
        true,
    );
    assert_eq!(
        locals.message(BindingsLocale::En),
        "L F S P E 7 R C M 1 2 T A U G X Y H"
    );
    assert_eq!(
        locals.message(BindingsLocale::Zh),
        "H Y X G U A T 2 1 M C R 7 E P S F L"
    );
    let params = locals.params();
    assert_eq!(params[0], ("locale", BindingsParamValue::Str(s("L"))));
    assert_eq!(params[1], ("f", BindingsParamValue::Str(s("F"))));
    assert_eq!(params[18], ("unused", BindingsParamValue::Bool(true)));
    let envelope = locals.to_envelope(BindingsLocale::Zh);
    assert_eq!(envelope.message, locals.message(BindingsLocale::Zh));
    assert_eq!(
        envelope
            .params
            .get("locale")
            .map(ToString::to_string)
            .as_deref(),
        Some("L")
    );

    let classified = BindingsError::classify(Some(500), None, "de fr 42 it failed").unwrap();
    assert_eq!(classified.kind(), BindingsKind::Locals);
    let param = |name: &str| classified.param(name).map(ToString::to_string);
    assert_eq!(
        [
            param("locale"),
            param("f"),
            param("value"),
            param("message")
        ],
        [
            Some("de".to_owned()),
            Some("fr".to_owned()),
            Some("42".to_owned()),
            Some("it failed".to_owned())
        ]
    );
    assert_eq!(
        classified.param("value"),
        Some(&BindingsParamValue::Int(42))
    );
    assert_eq!(classified.param("nothing"), None);

    let keywords = BindingsError::keywords(
        s("t"),
        s("d"),
        true,
        s("S"),
        s("u"),
        s("c"),
        s("a"),
        s("l"),
        s("n"),
        s("x"),
        s("h"),
        s("g"),
        s("U"),
        s("k"),
        s("p"),
        s("o"),
    );
    assert_eq!(
        keywords.message(BindingsLocale::En),
        "t d true S u c a l n x h g U k p o"
    );
    assert_eq!(
        keywords.params()[14],
        ("__proto__", BindingsParamValue::Str(s("p")))
    );
    assert_eq!(BindingsError::some(s("k")).to_string(), "Some k");
    assert_eq!(BindingsError::none().message(BindingsLocale::Zh), "None");

    // Each mapping of `a` and the one of `a_1` is its own function.
    assert_eq!(
        BindingsError::classify(Some(502), None, ""),
        Some(BindingsError::a())
    );
    assert_eq!(
        BindingsError::classify(Some(503), None, ""),
        Some(BindingsError::a())
    );
    assert_eq!(
        BindingsError::classify(Some(504), None, ""),
        Some(BindingsError::a_1())
    );
}

#[test]
fn legacy_integer_aliases_decode_to_their_entries() {
    use legacy::{LegacyEnvelope, LegacyError, LegacyKind, LegacyLocale};

    assert_eq!(
        LegacyKind::from_code(100001),
        Some(LegacyKind::CardDeclined)
    );
    assert_eq!(LegacyKind::from_code(1001), Some(LegacyKind::CardDeclined));
    assert_eq!(
        LegacyKind::from_code(5_000_000_001),
        Some(LegacyKind::CardDeclined)
    );
    assert_eq!(LegacyKind::try_from(1002_u64), Ok(LegacyKind::CardExpired));
    assert_eq!(LegacyKind::from_str("1002"), Ok(LegacyKind::CardExpired));
    assert_eq!(LegacyKind::from_code(1003), None);
    assert_eq!(LegacyKind::CardExpired.code(), 100002_u64);

    // A body an old server sends, with the published code: it decodes, and
    // its kind is the entry's; what a new server sends has the canonical code.
    let old: LegacyEnvelope =
        serde_json::from_str(r#"{"code": 5000000001, "message": "Card declined."}"#).unwrap();
    assert_eq!(old.kind(), Some(LegacyKind::CardDeclined));
    let kind: LegacyKind = serde_json::from_str("1001").unwrap();
    assert_eq!(kind, LegacyKind::CardDeclined);
    assert_eq!(serde_json::to_string(&kind).unwrap(), "100001");
    let new = LegacyError::card_declined().to_envelope(LegacyLocale::En);
    assert_eq!(
        serde_json::to_value(&new).unwrap(),
        serde_json::json!({ "code": 100001, "message": "The card was declined." })
    );
}

/// autoscorer's three error bodies and two success bodies (seed 001): the
/// CLI's `{status, error: {…}, meta}`, the callback's `{ok, error: {…},
/// meta}`, and their success shapes, each serialised and read back.
#[test]
fn autoscorer_cli_and_callback_shapes() {
    use autoscorer::{
        AutoscorerCallbackEnvelope, AutoscorerCallbackMeta, AutoscorerCallbackSuccessEnvelope,
        AutoscorerCliEnvelope, AutoscorerCliMeta, AutoscorerCliSuccessEnvelope, AutoscorerError,
        AutoscorerKind, AutoscorerLocale, AutoscorerParamValue,
    };

    let error = AutoscorerError::config_file_not_found("/ws/config.yaml".into());
    let mut cli = error.to_cli_envelope(AutoscorerLocale::En);
    // The server fills `meta`.
    cli.meta = AutoscorerCliMeta {
        timestamp: "2025-01-01T00:00:00Z".into(),
        version: "2.0.0".into(),
    };
    let expected = serde_json::json!({
        "status": "error",
        "error": {
            "code": "CONFIG_FILE_NOT_FOUND",
            "message": "There is no configuration file at /ws/config.yaml.",
            "stage": "config",
            "details": { "path": "/ws/config.yaml" }
        },
        "meta": { "timestamp": "2025-01-01T00:00:00Z", "version": "2.0.0" }
    });
    assert_eq!(serde_json::to_value(&cli).unwrap(), expected);
    let back: AutoscorerCliEnvelope = serde_json::from_value(expected).unwrap();
    assert_eq!(back, cli);
    assert_eq!(back.kind(), Some(AutoscorerKind::ConfigFileNotFound));

    let mut callback = error.to_callback_envelope(AutoscorerLocale::Zh);
    callback.meta = AutoscorerCallbackMeta {
        task_id: "task-42".into(),
        version: "2.0.0".into(),
        timestamp: "2025-01-01T00:00:00Z".into(),
    };
    let expected = serde_json::json!({
        "ok": false,
        "error": {
            "code": "CONFIG_FILE_NOT_FOUND",
            "message": "路径 /ws/config.yaml 下没有配置文件。",
            "stage": "config",
            "details": { "path": "/ws/config.yaml" }
        },
        "meta": { "task_id": "task-42", "version": "2.0.0", "timestamp": "2025-01-01T00:00:00Z" }
    });
    assert_eq!(serde_json::to_value(&callback).unwrap(), expected);
    let back: AutoscorerCallbackEnvelope = serde_json::from_value(expected).unwrap();
    assert_eq!(back.kind(), Some(AutoscorerKind::ConfigFileNotFound));

    // The success bodies, as the CLI and the task runner send them.
    let body = r#"{"status":"success","data":{"score":0.93,"rank":3},"meta":{"timestamp":"2025-01-01T00:00:00Z","execution_time":12.5,"version":"2.0.0"}}"#;
    let success: AutoscorerCliSuccessEnvelope = serde_json::from_str(body).unwrap();
    assert_eq!(success.status, "success");
    assert_eq!(success.data["rank"], AutoscorerParamValue::Int(3));
    assert_eq!(success.meta.execution_time, 12.5);
    assert_eq!(
        serde_json::to_value(&success).unwrap(),
        serde_json::from_str::<serde_json::Value>(body).unwrap()
    );
    let body = r#"{"ok":true,"data":{"score":0.93},"meta":{"task_id":"task-42"}}"#;
    let success: AutoscorerCallbackSuccessEnvelope = serde_json::from_str(body).unwrap();
    assert!(success.ok);
    assert_eq!(success.meta.task_id, "task-42");
    // An error body is not a success body, nor the other way round.
    assert!(serde_json::from_str::<AutoscorerCallbackSuccessEnvelope>(
        r#"{"ok":false,"error":{"code":"CONFIG_PARSE_ERROR","message":"…","stage":"config"},"meta":{"task_id":"t","version":"2","timestamp":"t"}}"#
    )
    .is_err());
    assert!(serde_json::from_str::<AutoscorerCallbackEnvelope>(body).is_err());
}

/// k12's success body (seed 000): `{code, detail}` without `brief`.
#[test]
fn k12_success_body() {
    use k12::{K12Error, K12Job, K12Kind, K12Locale, K12SuccessBodyEnvelope};

    let mut body = K12Error::ok().to_success_body_envelope(K12Locale::En);
    body.detail = Some(K12Job {
        op: "train.start".into(),
        exec: "python train.py".into(),
        cache_dir: "/cache/job-7".into(),
    });
    let expected = serde_json::json!({
        "code": 100000,
        "detail": { "op": "train.start", "exec": "python train.py", "cache_dir": "/cache/job-7" }
    });
    assert_eq!(serde_json::to_value(&body).unwrap(), expected);
    let back: K12SuccessBodyEnvelope = serde_json::from_value(expected).unwrap();
    assert_eq!(back.kind(), Some(K12Kind::Ok));
    assert_eq!(back, body);
}

/// The catalog of every statement: what a group gives its entries, a
/// positional param, an alias, a record sent as a wire param, upstream
/// mappings read from a JSON body, and a success shape.
#[test]
fn every_statement() {
    use every::{
        EveryDecoded, EveryError, EveryKind, EveryLocale, EveryQuota, EveryResultEnvelope,
        EveryUpstream,
    };

    // The group's status and retryability, overridden by the entry; its
    // stage and the nested group's status, inherited.
    let full = EveryError::disk_full("d1".into(), 5, 10);
    assert_eq!(full.code(), "EV_1001");
    assert_eq!(full.message(EveryLocale::En), "Disk d1 is full (5 of 10).");
    assert_eq!(full.message(EveryLocale::Zh), "磁盘 d1 已满（5/10）。");
    assert_eq!(full.http_status(), 507);
    assert_eq!(full.grpc_code(), Some(8));
    assert!(!full.is_retryable());
    assert_eq!(full.stage(), Some("run"));
    let busy = EveryError::archive_busy(30);
    assert_eq!(
        busy.message(EveryLocale::En),
        "The archive is busy, try again in 30 seconds."
    );
    assert_eq!(busy.http_status(), 503);
    assert!(busy.is_retryable());
    assert_eq!(busy.stage(), Some("build"));

    // The alias names the entry it was published for.
    assert_eq!(EveryKind::from_code("EV-1002"), Some(EveryKind::VolumeLost));
    assert_eq!(
        EveryKind::from_code("EV_0900"),
        None,
        "reserved, not an entry"
    );

    // A record travels as a wire param: an object in the envelope's params,
    // read back as the same body.
    let quota = EveryQuota {
        limit: 10,
        used: None,
        tags: vec!["hot".into()],
        per_region: Some([("eu".to_owned(), 3)].into()),
    };
    let lost = EveryError::volume_lost(quota);
    let body = serde_json::to_value(lost.to_envelope(EveryLocale::En)).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "code": "EV_1002",
            "message": "The volume is gone.",
            "params": {"quota": {"limit": 10, "tags": ["hot"], "per_region": {"eu": 3}}},
            "ok": false
        })
    );
    match EveryDecoded::decode(&body.to_string()).unwrap() {
        EveryDecoded::Known(known) => assert_eq!(known.kind, EveryKind::VolumeLost),
        EveryDecoded::Unknown(unknown) => panic!("decoded as unknown: {unknown:?}"),
    }

    // The backend's error, read at the paths its system declares: the gRPC
    // code and the message from the body, `contains detail` from a field.
    let backend = |body: serde_json::Value| {
        EveryError::classify_body(EveryUpstream::Backend, Some(507), None, &body.to_string())
    };
    let sent = serde_json::json!({
        "grpc_code": 8,
        "error": {"message": "disk d7 full: 9/12", "detail": "over quota"}
    });
    let found = backend(sent.clone()).expect("the backend's mapping matches");
    assert_eq!(found, EveryError::disk_full("d7".into(), 9, 12));
    let mut other_detail = sent;
    other_detail["error"]["detail"] = "network".into();
    assert_eq!(
        backend(other_detail),
        None,
        "`contains detail` does not hold"
    );
    // No mapping names the gateway.
    let text = "disk d7 full: 9/12";
    assert_eq!(
        EveryError::classify_body(EveryUpstream::Gateway, Some(507), Some(8), text),
        None
    );

    // The success shape carries a record and no entry.
    let success: EveryResultEnvelope =
        serde_json::from_str(r#"{"ok":true,"data":{"limit":3,"tags":[]}}"#).unwrap();
    assert!(success.ok);
    assert_eq!(success.data.limit, 3);
    assert_eq!(success.data.used, None);
}

/// A first envelope that nests the error object, and a flat one.
#[test]
fn nested_error_object() {
    use nested::{NestedError, NestedKind, NestedLocale, NestedPlainEnvelope};

    let error = NestedError::not_found("/a".into());
    let callback = serde_json::to_value(error.to_callback_envelope(NestedLocale::En)).unwrap();
    assert_eq!(callback["ok"], false);
    assert_eq!(callback["error"]["code"], "NOT_FOUND");
    assert_eq!(callback["error"]["message"], "Nothing at /a.");
    assert_eq!(callback["error"]["stage"], "fetch");
    assert_eq!(
        callback["error"]["details"],
        serde_json::json!({"path": "/a"})
    );
    let plain = error.to_plain_envelope(NestedLocale::Zh);
    assert_eq!(plain.kind(), Some(NestedKind::NotFound));
    let json = serde_json::to_string(&plain).unwrap();
    let back: NestedPlainEnvelope = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plain);
    assert_eq!(back.message, "/a 下什么也没有。");
}
