//! The README's Rust example, line for line (tests/generate_rust.rs checks
//! that it is), in a test that returns a `Result` for its `?`.

use errgen_consumer::optverse::{OptverseError, OptverseKind, OptverseLocale};

#[test]
fn the_readme_example() -> Result<(), Box<dyn std::error::Error>> {
    let error = OptverseError::tenant_forbidden("acme".into()); // a constructor per entry, typed params
    assert_eq!(error.code(), "OptVerse_10000004");
    assert_eq!(error.http_status(), 403);
    assert_eq!(error.kind(), OptverseKind::TenantForbidden); // match on the kind, a Copy enum
    assert_eq!(
        error.param("tenant").map(ToString::to_string).as_deref(),
        Some("acme")
    );
    let text = error.message(OptverseLocale::Zh);
    let body = error.to_envelope(OptverseLocale::En); // serde when `rust.serde` is on
    let kind: OptverseKind = "OptVerse_10000004".parse()?;
    assert_eq!(text, "租户 acme 无权使用本服务。");
    assert_eq!(body.error_code, "OptVerse_10000004");
    assert_eq!(kind, OptverseKind::TenantForbidden);
    Ok(())
}
