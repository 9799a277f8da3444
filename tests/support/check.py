"""Checks the generator tests run on generated files, with the pinned packages
of tests/support/requirements.txt (run by tests/support/mod.rs in its venv).

    check.py same DOC.yaml DOC.json   both files hold the same data
    check.py examples DOC...          every response example is valid against
                                      the response's schema (JSON Schema 2020-12)
    check.py dump FILE                prints FILE's data as ASCII JSON
    check.py ir SCHEMA FILE...        SCHEMA is a valid 2020-12 schema and
                                      every FILE is valid against it
    check.py sarif SCHEMA FILE...     SCHEMA is a valid draft-04 schema (the
                                      SARIF 2.1.0 one) and every FILE is
                                      valid against it, formats checked

YAML is read with PyYAML's safe loader (YAML 1.1), as openapi-spec-validator
reads it. Exit status 0: all good; 1: a check failed (the reasons on stdout).
"""

import json
import sys

import yaml
from jsonschema import Draft4Validator, Draft202012Validator


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    return yaml.safe_load(text)


def errors_of(validator, instance):
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(instance)
    )


def same(yaml_path, json_path):
    a, b = load(yaml_path), load(json_path)
    if a != b:
        print(f"{yaml_path} and {json_path} differ")
        return 1
    return 0


def examples(paths):
    failed = 0
    for path in paths:
        doc = load(path)
        responses = doc.get("components", {}).get("responses", {})
        for name, response in responses.items():
            for media, content in response.get("content", {}).items():
                pointer = f"#/components/responses/{name}/content/{media.replace('/', '~1')}/schema"
                # The document is the root resource, so that the `$ref`s
                # inside the response schema resolve.
                validator = Draft202012Validator({**doc, "$ref": pointer})
                for key, example in content.get("examples", {}).items():
                    for error in errors_of(validator, example["value"]):
                        print(f"{path}: {name} example {key}: {error}")
                        failed = 1
    return failed


def ir(schema_path, paths):
    schema = load(schema_path)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failed = 0
    for path in paths:
        for error in errors_of(validator, load(path)):
            print(f"{path}: {error}")
            failed = 1
    return failed


def sarif(schema_path, paths):
    schema = load(schema_path)
    Draft4Validator.check_schema(schema)
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    failed = 0
    for path in paths:
        for error in errors_of(validator, load(path)):
            print(f"{path}: {error}")
            failed = 1
    return failed


def main(argv):
    mode, args = argv[1], argv[2:]
    if mode == "same":
        return same(*args)
    if mode == "examples":
        return examples(args)
    if mode == "dump":
        print(json.dumps(load(args[0]), ensure_ascii=True))
        return 0
    if mode == "ir":
        return ir(args[0], args[1:])
    if mode == "sarif":
        return sarif(args[0], args[1:])
    print(f"unknown mode {mode}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
