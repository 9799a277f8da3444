"""A client of the generated modules, type-checked with them (mypy --strict,
pyright strict) and run (tests/generate_python.rs): what a service and a
notebook write."""

from __future__ import annotations

import json
import pickle

import hostile
import nested
import optverse
import pipelines
import pyedge
from optverse import ErrorCode, OptverseError, TenantForbidden, UnknownOptverseError


def raise_and_catch() -> str:
    try:
        raise TenantForbidden(tenant="acme")
    except OptverseError as error:
        assert error.code is ErrorCode.TENANT_FORBIDDEN
        status: int | None = error.http_status
        assert status == 403
        return error.message("zh")


def read(body: str) -> str:
    error = optverse.from_envelope(json.loads(body))
    if isinstance(error, TenantForbidden):
        # The envelope of optverse carries no params: none are made up, and
        # the message is the one received.
        assert error.params == {} and error.envelope == "default"
        try:
            _ = error.tenant
        except AttributeError:
            pass
        else:
            raise AssertionError("a param the body did not carry is not made up")
        return error.message()
    if isinstance(error, UnknownOptverseError):
        code: str = error.code
        return code
    return error.message()


def keywords() -> str:
    error = hostile.Type(default="d", match=3)
    count: int = error.match
    assert count == 3
    return hostile.Delete(self_="me").message("ko")


def classified() -> pipelines.AnyPipelinesError | None:
    return pipelines.classify(500, 13, "Unrecognized input parameter: foo")


def classified_body() -> pipelines.AnyPipelinesError | None:
    # The KFP API's body: the gRPC code and the message are JSON fields.
    body = '{"code": 13, "message": "Unrecognized input parameter: bar", "details": []}'
    return pipelines.classify_body("kubeflow", body, status=500)


def main() -> None:
    assert raise_and_catch() == "租户 acme 无权使用本服务。"
    body = json.dumps(TenantForbidden(tenant="t").to_envelope())
    assert read(body) == "The tenant t may not use this service."
    # A code published before with a doubled block number, now an alias:
    # read as its entry, not as an unknown code.
    aliased = optverse.from_envelope({"error_code": "OptVerse_1212080002", "error_msg": "no file"})
    assert aliased.code is ErrorCode.SDK_LICENSE_NOT_UPLOADED, aliased
    received = hostile.from_envelope(json.loads(json.dumps(hostile.Delete(self_="x").to_envelope("zh"))))
    assert isinstance(received, hostile.Delete) and received.self_ == "x"
    assert read(json.dumps({"error_code": "OptVerse_99999999", "error_msg": "new"})) == "OptVerse_99999999"
    # `parse` reads the text itself; text that is not JSON is no envelope.
    parsed = optverse.parse('{"error_code": "JOB_MANAGER.12050009", "error_msg": "m"}')
    assert parsed.code is ErrorCode.JOB_MANAGER_FAILED, parsed
    assert isinstance(optverse.parse(b'{"error_code": "OptVerse_99999999", "error_msg": "n"}'), UnknownOptverseError)
    try:
        optverse.parse("<html>")
    except optverse.EnvelopeError as not_json:
        assert str(not_json).startswith("not JSON: "), not_json
    else:
        raise AssertionError("not JSON is no envelope")
    assert "me" in keywords()
    # A nested error object: read through its member, and made again with
    # the per-occurrence fields of the body it was read from.
    inner: dict[str, object] = {"code": "NOT_FOUND", "message": "m", "stage": "fetch", "details": {"path": "/a"}}
    callback = {"ok": False, "error": {**inner, "trace_id": "t-1"}, "meta": {"task_id": "7"}}
    found = nested.parse(callback)
    assert isinstance(found, nested.NotFound) and found.path == "/a" and found.envelope == "callback", found
    made = {**callback, "error": {**inner, "message": "Nothing at /a.", "trace_id": "t-1"}}
    assert found.to_callback_envelope("en") == made, found.to_callback_envelope("en")
    assert found.to_plain_envelope("zh") == {"code": "NOT_FOUND", "message": "/a 下什么也没有。", "details": {"path": "/a"}}
    error = classified()
    assert isinstance(error, pipelines.PipelineUnknownInputParam)
    assert error.name == "foo"
    # A captured value is read as every target reads it; one that does not
    # parse as its param's type means the rule does not match.
    captured = pyedge.classify(text="self=me code=-3 class=true str=1.5")
    assert captured is not None and captured.params == {"self": "me", "code": -3, "class": True, "str": 1.5}, captured
    assert pyedge.classify(text="self=me code=-3 class=true str=1.2.3") is None
    assert pyedge.classify(text="self=me code=99999999999999999999 class=true str=1") is None
    least = pyedge.classify(text="self=me code=-9223372036854775808 class=true str=1.")
    assert least is not None and least.params["code"] == -(2**63), least
    from_body = classified_body()
    assert isinstance(from_body, pipelines.PipelineUnknownInputParam) and from_body.name == "bar", from_body
    assert pipelines.classify_body("argo", b"Unrecognized input parameter: bar", status=500) is None
    try:
        pipelines.classify_body("kubeflo", "{}")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    except ValueError as misspelt:
        assert "kubeflow" in str(misspelt), misspelt
    else:
        raise AssertionError("a system the catalog does not declare is refused")
    again = pickle.loads(pickle.dumps(TenantForbidden(tenant="p")))
    assert isinstance(again, TenantForbidden) and again.tenant == "p"
    assert ErrorCode.TENANT_FORBIDDEN.http_status == 403
    assert ErrorCode("OptVerse_10000004") is ErrorCode.TENANT_FORBIDDEN
    try:
        TenantForbidden(tenant=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    except TypeError:
        pass
    else:
        raise AssertionError("a param of the wrong type is refused")
    print("client: ok")


if __name__ == "__main__":
    main()
