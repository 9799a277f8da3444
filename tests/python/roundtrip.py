"""The generated modules at run time (tests/generate_python.rs writes the
cases from the IR into the file named by ``ERRGEN_CASES``): every error of
every catalog, built with hostile param values, renders its message in every
locale exactly as the IR says, and its envelope survives JSON and
``from_envelope`` unchanged; its code's table row says what the IR says."""

from __future__ import annotations

import importlib
import json
import os
import pickle
import unittest
from typing import Any


def cases() -> list[dict[str, Any]]:
    with open(os.environ["ERRGEN_CASES"], encoding="utf-8") as file:
        loaded: list[dict[str, Any]] = json.load(file)
        return loaded


class RoundTrip(unittest.TestCase):
    def test_every_case(self) -> None:
        all_cases = cases()
        self.assertTrue(all_cases)
        for case in all_cases:
            with self.subTest(module=case["module"], code=case["code"], locale=case["locale"]):
                self.check(case)

    def check(self, case: dict[str, Any]) -> None:
        module = importlib.import_module(case["module"])
        code = module.ErrorCode(case["code"])
        self.assertEqual(code.name, case["member"])
        self.assertEqual(code.kind, case["kind"])
        self.assertEqual(code.http_status, case["http"])
        self.assertEqual(code.grpc_code, case["grpc"])
        self.assertEqual(code.retryable, case["retryable"])
        self.assertEqual(code.stage, case["stage"])
        if case["class"] is None:
            return
        cls = getattr(module, case["class"])
        error = cls(**case["keywords"])
        self.assertIs(error.code, code)
        self.assertEqual(error.params, case["params"])
        for keyword, value in case["keywords"].items():
            self.assertEqual(getattr(error, keyword), value)
        self.assertEqual(error.message(case["locale"]), case["message"])
        self.assertEqual(str(cls(**case["keywords"])), case["default_message"])
        envelope = error.to_envelope(case["locale"])
        wire = json.loads(json.dumps(envelope, ensure_ascii=case["ascii"]))
        self.assertEqual(wire, envelope)
        back = module.from_envelope(wire)
        self.assertIs(type(back), cls)
        self.assertEqual(back.to_envelope(), envelope)
        self.assertEqual(back.message(), case["message"] if case["has_message"] else back.message())
        if case["has_params"]:
            self.assertEqual(back.params, error.params)
            self.assertEqual(back.message(case["locale"]), case["message"])
        again = pickle.loads(pickle.dumps(error))
        self.assertIs(type(again), cls)
        self.assertEqual(again.params, error.params)
        # An unknown code is kept, with its message and body.
        unknown_body = dict(wire)
        unknown_body[case["code_wire"]] = case["unknown_code"]
        unknown = module.from_envelope(unknown_body)
        self.assertEqual(type(unknown).__name__, case["unknown_class"])
        self.assertEqual(unknown.code, case["unknown_code"])
        self.assertEqual(unknown.body, unknown_body)
        self.assertIsInstance(unknown, getattr(module, case["base_class"]))


if __name__ == "__main__":
    unittest.main()
