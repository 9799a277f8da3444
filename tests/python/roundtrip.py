"""The generated modules at run time (tests/generate_python.rs writes the
cases from the IR into the file named by ``ERRGEN_CASES``): every error of
every catalog, built with hostile param values, renders its message in every
locale exactly as the IR says, and its body in every envelope it is sent
in survives JSON and that envelope's ``from_…`` unchanged; its code's table
row says what the IR says."""

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
        again = pickle.loads(pickle.dumps(error))
        self.assertIs(type(again), cls)
        self.assertEqual(again.params, error.params)
        self.assertTrue(case["envelopes"])
        for shape in case["envelopes"]:
            with self.subTest(envelope=shape["name"]):
                self.check_envelope(module, case, error, shape)

    def check_envelope(self, module: Any, case: dict[str, Any], error: Any, shape: dict[str, Any]) -> None:
        """The error's body in envelope ``shape`` survives JSON and its
        ``from_…`` function unchanged; an unknown code in it is kept."""
        cls = type(error)
        envelope = getattr(error, shape["to"])(case["locale"])
        wire = json.loads(json.dumps(envelope, ensure_ascii=case["ascii"]))
        self.assertEqual(wire, envelope)
        back = getattr(module, shape["from"])(wire)
        self.assertIs(type(back), cls)
        self.assertEqual(back.envelope, shape["name"])
        self.assertEqual(getattr(back, shape["to"])(), envelope)
        self.assertEqual(back.message(), case["message"] if shape["has_message"] else back.message())
        if shape["has_params"]:
            self.assertEqual(back.params, error.params)
            self.assertEqual(back.message(case["locale"]), case["message"])
        again = pickle.loads(pickle.dumps(back))
        self.assertIs(type(again), cls)
        self.assertEqual(again.envelope, shape["name"])
        # An unknown code is kept, with its message and body.
        unknown_body = json.loads(json.dumps(wire))
        holder = unknown_body
        for wire_name in shape["code_path"][:-1]:
            holder = holder[wire_name]
        holder[shape["code_path"][-1]] = case["unknown_code"]
        unknown = getattr(module, shape["from"])(unknown_body)
        self.assertEqual(type(unknown).__name__, case["unknown_class"])
        self.assertEqual(unknown.code, case["unknown_code"])
        self.assertEqual(unknown.body, unknown_body)
        self.assertEqual(unknown.envelope, shape["name"])
        self.assertIsInstance(unknown, getattr(module, case["base_class"]))

if __name__ == "__main__":
    unittest.main()
