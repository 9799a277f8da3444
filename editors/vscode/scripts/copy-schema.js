// Run by `vsce package` (`vscode:prepublish`): the extension maps errgen.yaml
// to the project's JSON Schema, which lives once, in schema/ at the root of
// the repository; the package carries a copy of it, made here.
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "..", "..", "schema", "errgen.schema.json");
const to = path.join(__dirname, "..", "schemas", "errgen.schema.json");
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
