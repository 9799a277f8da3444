"""Decodes the wire corpus (tests/fixtures/wire/, see its README) with the
generated Python modules, for tests/generate_python.rs; tests/ts/wire.mjs
does the same with the TypeScript, examples/consumer's tests/wire.rs with
the Rust.

Usage: python wire_corpus.py CORPUS_DIR (the modules importable from the
current folder). Prints ``wire: N cases ok``, or each case that decodes
otherwise than the corpus expects and exits with status 1.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


def canonical(value: object) -> str:
    """JSON with sorted keys: equal values, equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def message_of(body: dict[str, Any]) -> str:
    """The message member of a body or of its nested error object."""
    nested = body.get("error")
    for holder in (body, nested if isinstance(nested, dict) else {}):
        for member in ("message", "brief", "error_msg", "subErrMessage"):
            if isinstance(holder.get(member), str):
                return str(holder[member])
    return ""


def wire_code(code: object) -> object:
    """A decoded error's code as the wire has it: an ``ErrorCode``'s value,
    or the code as received."""
    return getattr(code, "value", code)


def decode(module: ModuleType, body: object) -> dict[str, Any]:
    """What the module made of a body, in the corpus's terms, with the
    envelope it was read in."""
    try:
        error = module.parse(json.dumps(body))
    except module.SuccessBody as success:
        code = None if success.code is None else wire_code(success.code)
        return {"success": code, "envelope": success.envelope}
    except module.EnvelopeError as failure:
        if failure.param is not None:
            return {"invalid": failure.param}
        return {"not_an_error": str(failure)}
    unknown = next(v for k, v in vars(module).items() if k.startswith("Unknown") and isinstance(v, type))
    if isinstance(error, unknown):
        return {
            "unknown": error.code,
            "message": error.message(),
            "body": error.body,
            "envelope": error.envelope,
        }
    return {"known": wire_code(error.code), "params": error.params, "envelope": error.envelope}


def check(module: ModuleType, case: dict[str, Any]) -> str | None:
    """Why the case fails, or ``None``."""
    expect = case["expect"]
    body = case["body"]
    if "classified" in expect:
        classify_body = getattr(module, "classify_body", None)
        if classify_body is None:
            return "the module has no classify_body"
        error = classify_body(case["upstream"], body, status=case.get("status"), grpc=case.get("grpc"))
        got = None if error is None else {"code": wire_code(error.code), "params": error.params}
        want = None if expect["classified"] is None else {"code": expect["classified"], "params": expect.get("params", {})}
        return None if canonical(got) == canonical(want) else f"classify_body gave {canonical(got)}"
    envelope = case.get("envelope", "default")
    got = decode(module, body)
    if "success" in expect:
        ok = got.get("success", False) == expect.get("known") and got.get("envelope") == envelope
    elif "known" in expect:
        ok = (
            got.get("known") == expect["known"]
            and got.get("envelope") == envelope
            and canonical(got.get("params")) == canonical(expect.get("params", {}))
        )
    elif "unknown" in expect:
        ok = (
            got.get("unknown") == expect["unknown"]
            and got.get("envelope") == envelope
            and got.get("message") == message_of(body)
            and canonical(got.get("body")) == canonical(body)
        )
    elif "invalid" in expect:
        ok = got.get("invalid") == expect["invalid"]
    else:
        return f"no expectation: {canonical(expect)}"
    return None if ok else f"decoded {canonical(got)}"


def main() -> int:
    corpus = Path(sys.argv[1])
    failures: list[str] = []
    count = 0
    for path in sorted(corpus.glob("*.json")):
        file = json.loads(path.read_text(encoding="utf-8"))
        module = importlib.import_module(file["catalog"])
        for case in file["cases"]:
            count += 1
            why = check(module, case)
            if why is not None:
                failures.append(f"{path.name}: {case['name']}: {why}, expected {canonical(case['expect'])}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"wire: {count} cases ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
