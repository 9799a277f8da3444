//! `errgen lsp` end to end: the built binary spawned, spoken to over stdio
//! in the protocol's framing (`Content-Length` headers, JSON-RPC), as an
//! editor does. The client here is written against the protocol, not
//! against lsp-server.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// A client of one `errgen lsp` process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else.
    queued: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `errgen lsp` in `dir` and initializes it with `dir` as the
    /// workspace folder.
    fn start(dir: &Path) -> Client {
        let mut client = Client::spawn(dir);
        client.initialize(dir);
        client
    }

    /// Starts `errgen lsp` in `dir`, not initialized.
    fn spawn(dir: &Path) -> Client {
        Client::spawn_with(dir, Stdio::inherit())
    }

    /// [`Client::spawn`] with the server's standard error to `stderr`.
    fn spawn_with(dir: &Path, stderr: Stdio) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_errgen"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("errgen lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().expect("a length"));
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).expect("the body");
                let value: Value = serde_json::from_slice(&body).expect("JSON");
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            messages,
            queued: Vec::new(),
            next_id: 0,
        }
    }

    /// `initialize` with `dir` as the workspace folder, then `initialized`.
    fn initialize(&mut self, dir: &Path) {
        self.initialize_with(dir, json!({}));
    }

    /// [`Client::initialize`] with the client's `capabilities`.
    fn initialize_with(&mut self, dir: &Path, capabilities: Value) {
        self.initialize_folders(&[dir], capabilities);
    }

    /// [`Client::initialize`] with `folders` as the workspace folders (the
    /// first as the root) and the client's `capabilities`; returns the
    /// server's.
    fn initialize_folders(&mut self, folders: &[&Path], capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(folders[0]),
                "workspaceFolders": folders.iter().map(|f| folder(f)).collect::<Vec<_>>(),
                "capabilities": capabilities,
            }),
        );
        let capabilities = &result["capabilities"];
        for provider in [
            "hoverProvider",
            "definitionProvider",
            "documentSymbolProvider",
            "documentFormattingProvider",
            "codeActionProvider",
            "completionProvider",
        ] {
            assert!(
                !capabilities[provider].is_null(),
                "{provider}: {capabilities}"
            );
        }
        // Incremental document sync: a change sends the edited range.
        assert_eq!(capabilities["textDocumentSync"]["change"], 2);
        assert_eq!(result["serverInfo"]["name"], "errgen");
        self.notify("initialized", json!({}));
        result["capabilities"].clone()
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// `textDocument/didOpen` of `uri` with `text`, version 1.
    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "errgen", "version": 1, "text": text } }),
        );
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next message, or a failure after a generous wait.
    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    /// Sends a request and returns its result (failing on an error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == id {
                assert!(message["error"].is_null(), "{method}: {message}");
                return message["result"].clone();
            }
            self.queued.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.queued.iter().position(is_for) {
            let message = self.queued.remove(i);
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self.receive();
            if is_for(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.queued.push(message);
        }
    }

    /// Waits until the server has handled every message sent so far (it
    /// checks what changed before it answers a request): the diagnostics it
    /// published since, the last for each document.
    fn published(&mut self) -> std::collections::BTreeMap<String, Vec<Value>> {
        self.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": "untitled:none" } }),
        );
        let mut published = std::collections::BTreeMap::new();
        self.queued.retain(|m| {
            let publish = m["method"] == "textDocument/publishDiagnostics";
            if publish {
                let uri = m["params"]["uri"].as_str().unwrap().to_owned();
                published.insert(uri, m["params"]["diagnostics"].as_array().unwrap().clone());
            }
            !publish
        });
        published
    }

    /// `shutdown`, then `exit`: the process ends with status 0.
    fn shut_down(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert!(result.is_null());
        assert_eq!(self.exit(), Some(0));
    }

    /// [`Client::shut_down`] of a server whose standard error is piped:
    /// nothing was written there.
    fn shut_down_quietly(mut self) {
        let mut stderr = self.child.stderr.take().expect("standard error piped");
        self.shut_down();
        let mut written = String::new();
        stderr.read_to_string(&mut written).unwrap();
        assert_eq!(written, "");
    }

    /// Sends `exit`, closes the server's input and returns its exit code.
    fn exit(&mut self) -> Option<i32> {
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `path` as a workspace folder.
fn folder(path: &Path) -> Value {
    json!({ "uri": uri(path), "name": path.file_name().unwrap().to_str().unwrap() })
}

fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    let mut uri = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

/// The LSP position (line, UTF-16 column) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let character = text[line_start..offset].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// The position of the `nth` (0-based) occurrence of `needle`, plus `plus` bytes.
fn position_of(text: &str, needle: &str, nth: usize, plus: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth}"))
        .0;
    position(text, offset + plus)
}

const A: &str = r#"catalog shop "Shop" {
  locales en, zh
  format "SHOP_{digits:4}"
}

group orders "Orders" {
  http 409

  error out_of_stock = "SHOP_0001" {
    http 403
    param item: string
    message en "{item} is out of stock."
    message zh "{item} 已售罄。"
  }

  error old_basket = "SHOP_0002" {
    deprecated "use out_of_stock"
    replaced_by out_of_stock
    message en "The basket is old."
    message zh "购物车已过期。"
  }
}

error sold = "SHOP_0003" {
  param item: string
  message en "Sold out: {item} {what}."
  message zh "售罄😀：{item} {what}。"
}

error again = "SHOP_0009" {
  message en "Again."
  message zh "又一次。"
}

error dotted = "SHOP.0004" {
  message en "Dotted."
  message zh "带点。"
}

reserved "SHOP_0009" "retired in 2.0"
"#;

const B: &str = r#"catalog stock {
  locales en
  format "SHOP_{digits:4}"
}

error clash = "SHOP_0001" {
  message en "Clash."
}
"#;

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn a_session_over_stdio() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\n  - path: b.errors\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.errors"), A).unwrap();
    std::fs::write(dir.path().join("b.errors"), B).unwrap();
    let a = uri(&dir.path().join("a.errors"));
    let b = uri(&dir.path().join("b.errors"));
    let mut client = Client::start(dir.path());

    // The project's catalogs are checked from disk at the start.
    let diagnostics = client.diagnostics(&a);
    assert!(codes(&diagnostics).contains(&"E0005"), "{diagnostics:?}");
    let in_b = client.diagnostics(&b);

    // Opened with the text on disk: the same diagnostics, which the client
    // has already, so none are sent again.
    client.open(&a, A);
    assert_eq!(client.published(), Default::default());
    let found = codes(&diagnostics);
    for code in ["E0005", "E0007", "E0013"] {
        assert!(found.contains(&code), "{code}: {diagnostics:#?}");
    }
    for d in &diagnostics {
        assert_eq!(d["source"], "errgen");
        assert!(d.get("codeDescription").is_none(), "no link: {d}");
        assert!(d["data"]["rule"].is_string(), "{d}");
    }
    // `{what}` in the Chinese message: its column counts the emoji as two
    // UTF-16 units and each CJK character as one.
    let what = position_of(A, "{what}", 1, 0);
    let undeclared: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "E0007")
        .collect();
    assert!(
        undeclared.iter().any(|d| d["range"]["start"] == what),
        "{what} in {undeclared:#?}"
    );
    // 14 units of `  message zh "`, 2 CJK, 2 for 😀, `：`, `{item} `.
    assert_eq!(what["character"], 26);
    // The workspace: b.errors (not open) repeats a code of a.errors.
    let duplicate = in_b
        .iter()
        .find(|d| d["code"] == "E0003")
        .unwrap_or_else(|| panic!("{in_b:#?}"));
    let related = &duplicate["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], a);
    assert_eq!(
        related["range"]["start"],
        position_of(A, "\"SHOP_0001\"", 0, 0)
    );

    // Quick fixes: one per suggestion of the diagnostics at the place.
    let malformed = diagnostics
        .iter()
        .find(|d| d["code"] == "E0005")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": a },
            "range": malformed["range"],
            "context": { "diagnostics": [malformed] },
        }),
    );
    let actions = actions.as_array().unwrap();
    let suggestions = malformed["data"]["suggestions"].as_array().unwrap();
    // The malformed code has its fix: one preferred quick fix.
    assert_eq!(suggestions.len(), 1, "{malformed:#?}");
    assert_eq!(actions.len(), suggestions.len(), "{actions:#?}");
    assert_eq!(actions[0]["isPreferred"], true, "{actions:#?}");
    for (action, suggestion) in actions.iter().zip(suggestions) {
        assert_eq!(action["kind"], "quickfix");
        let edit = &action["edit"]["changes"][&a][0];
        assert_eq!(edit["newText"], suggestion["replacement"]);
    }

    // Hover on a code: the entry, its messages in every locale, its status
    // and params.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "SHOP_0001", 0, 2) }),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    for part in [
        "out_of_stock",
        "http: 403",
        "message en: `{item} is out of stock.`",
        "message zh: `{item} 已售罄。`",
        "param: item: string",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert_eq!(
        hover["range"]["start"],
        position_of(A, "\"SHOP_0001\"", 0, 0)
    );
    // …and on a name.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "old_basket", 0, 1) }),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("replaced by out_of_stock"));

    // Go to definition: `replaced_by` to the entry it names…
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "replaced_by out_of_stock", 0, 14) }),
    );
    assert_eq!(definition[0]["uri"], a);
    assert_eq!(
        definition[0]["range"]["start"],
        position_of(A, "out_of_stock", 0, 0)
    );
    // …a reserved code taken again to the `reserved` statement…
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "SHOP_0009", 0, 1) }),
    );
    assert_eq!(definition.as_array().unwrap().len(), 1, "{definition}");
    assert_eq!(
        definition[0]["range"]["start"],
        position_of(A, "reserved", 0, 0)
    );
    // …and a code to where the workspace's other catalog declares it too.
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "SHOP_0001", 0, 1) }),
    );
    assert_eq!(definition[0]["uri"], b, "{definition}");

    // Document symbols: the group with its entries, then the top-level entries.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": a } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["orders", "sold", "again", "dotted"]);
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["out_of_stock", "old_basket"]);
    assert_eq!(symbols[0]["children"][0]["detail"], "SHOP_0001");
    assert_eq!(
        symbols[0]["selectionRange"]["start"],
        position_of(A, "orders", 0, 0)
    );

    // Completion: an entry's statements on a new line in an entry…
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "    message en \"The basket", 0, 4) }),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    for keyword in ["message", "param", "replaced_by", "http", "upstream"] {
        assert!(labels.contains(&keyword), "{keyword}: {labels:?}");
    }
    assert!(!labels.contains(&"range"), "{labels:?}");
    // …and the catalog's locales after `message`.
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": a }, "position": position_of(A, "message en \"Again", 0, 8) }),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["en", "zh"]);

    // Formatting: `errgen fmt`'s text, as one edit.
    let unformatted = A.replace("  http 409\n", "      http   409\n");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": a, "version": 2 },
            "contentChanges": [{ "text": unformatted }],
        }),
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": a }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits}");
    assert_eq!(
        edits[0]["newText"],
        errgen::fmt::format_source("a.errors", &unformatted).unwrap()
    );
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );

    // Only a file whose diagnostics changed is sent them again.
    assert!(!client.published().contains_key(&b));
    // A change that removes the clash clears b.errors' duplicate, though
    // b.errors is not open.
    let fixed = A.replace("\"SHOP_0001\"", "\"SHOP_0005\"");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": a, "version": 3 },
            "contentChanges": [{ "text": fixed }],
        }),
    );
    let published = client.published();
    let in_b = published.get(&b).expect("b.errors' diagnostics changed");
    assert!(!codes(in_b).contains(&"E0003"), "{in_b:#?}");

    client.shut_down();
}

/// Without errgen.yaml, an open file is checked alone; a syntax error is
/// a diagnostic at its place, and formatting leaves such a file alone.
#[test]
fn a_file_outside_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let uri = "untitled:Untitled-1";
    let text = "catalog demo {\n  locales en\n}\n\nerror a = \"A\" {\n  htpp 404\n}\n";
    client.open(uri, text);
    let diagnostics = client.diagnostics(uri);
    assert_eq!(codes(&diagnostics), ["E0001"], "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        position_of(text, "htpp", 0, 0)
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert!(edits.is_null(), "{edits}");
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    client.shut_down();
}

/// While the text does not parse (an entry half typed), hover, go to
/// definition, document symbols and completion answer from the last text
/// that parsed, at places the edits since left unchanged (before them and
/// after them, positions moved), across several edits; inside the edited
/// text nothing is answered. The diagnostics are the text's of now.
#[test]
fn requests_are_answered_while_the_text_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let uri = "untitled:typing.errors";
    client.open(uri, A);
    client.diagnostics(uri);
    let mut text = A.to_owned();
    let edit = |client: &mut Client, text: &mut String, at: usize, new: &str| {
        let place = position(text, at);
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": place, "end": place }, "text": new }],
            }),
        );
        text.insert_str(at, new);
    };
    // An entry half typed, its message's text not yet.
    let at = text.find("error again").unwrap();
    edit(
        &mut client,
        &mut text,
        at,
        "error new = \"SHOP_0003\" {\n  message en\n}\n\n",
    );
    assert_eq!(codes(&client.diagnostics(uri)), ["E0001"]);
    // Another edit that does not mend it.
    let at = text.find("message en\n").unwrap() + "message en".len();
    edit(&mut client, &mut text, at, "e");
    let request = |client: &mut Client, method: &str, needle: &str, nth: usize, plus: usize| {
        client.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": position_of(&text, needle, nth, plus) }),
        )
    };
    // Hover before the edits and after them; not inside them.
    let hover = request(&mut client, "textDocument/hover", "SHOP_0003", 0, 1);
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("(sold)"), "{hover}");
    let hover = request(&mut client, "textDocument/hover", "again", 0, 1);
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("(again)"), "{hover}");
    assert_eq!(
        hover["range"]["start"],
        position_of(&text, "again", 0, 0),
        "{hover}"
    );
    let hover = request(&mut client, "textDocument/hover", "SHOP_0003", 1, 1);
    assert!(hover.is_null(), "{hover}");
    // Definition: `replaced_by` before the edits, a reserved code after them
    // to the entry's code, where it is now.
    let definition = request(
        &mut client,
        "textDocument/definition",
        "replaced_by out_of_stock",
        0,
        14,
    );
    assert_eq!(
        definition[0]["range"]["start"],
        position_of(&text, "out_of_stock", 0, 0),
        "{definition}"
    );
    let definition = request(&mut client, "textDocument/definition", "SHOP_0009", 1, 1);
    assert_eq!(definition.as_array().map(Vec::len), Some(1), "{definition}");
    assert_eq!(
        definition[0]["range"]["start"]["line"],
        position_of(&text, "SHOP_0009", 0, 0)["line"],
        "{definition}"
    );
    let definition = request(&mut client, "textDocument/definition", "SHOP_0003", 1, 1);
    assert!(definition.is_null(), "{definition}");
    // Symbols: the last catalog's, at their places now; not the new entry.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let symbols = symbols.as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["orders", "sold", "again", "dotted"], "{symbols:?}");
    assert_eq!(
        symbols[2]["selectionRange"]["start"],
        position_of(&text, "again", 0, 0)
    );
    assert_eq!(
        symbols[3]["range"]["end"]["line"],
        position_of(&text, "reserved", 0, 0)["line"]
            .as_u64()
            .unwrap()
            - 2
    );
    // Completion after the edits: the statements of an entry.
    let completion = request(
        &mut client,
        "textDocument/completion",
        "  message en \"Again",
        0,
        2,
    );
    let labels: Vec<&str> = (completion.as_array().into_iter().flatten())
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"message"), "{labels:?}");
    // Mended: the text's own catalog again.
    let at = text.find("message ene").unwrap() + "message ene".len();
    edit(&mut client, &mut text, at, " \"New.\"");
    let diagnostics = client.diagnostics(uri);
    assert!(!codes(&diagnostics).contains(&"E0001"), "{diagnostics:?}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(5), "{symbols}");
    client.shut_down();
}

/// Changes that send ranges (incremental sync) edit the document in
/// place, each on the text the ones before it left, columns counted in
/// UTF-16 units: the diagnostics are those of the edited text sent whole.
#[test]
fn ranged_changes_edit_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let (edited, whole) = ("untitled:edited.errors", "untitled:whole.errors");
    client.open(edited, A);
    let before = client.diagnostics(edited);
    // Each edit: the text it replaces (its first occurrence) and the new text.
    let edits = [
        // After an emoji (two UTF-16 units) on a line with CJK text.
        (" {what}。", "。"),
        // A line added.
        ("  message en \"Again.\"\n", "  http 404\n  message en \"Again.\"\n"),
        // Lines removed.
        ("error dotted = \"SHOP.0004\" {\n  message en \"Dotted.\"\n  message zh \"带点。\"\n}\n\n", ""),
        // A byte-order mark put in front.
        ("", "\u{FEFF}"),
    ];
    let mut text = A.to_owned();
    let mut changes = Vec::new();
    for (old, new) in edits {
        let start = text.find(old).unwrap();
        let end = start + old.len();
        changes.push(json!({
            "range": { "start": position(&text, start), "end": position(&text, end) },
            "text": new,
        }));
        text.replace_range(start..end, new);
    }
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": edited, "version": 2 }, "contentChanges": changes }),
    );
    let after = client.diagnostics(edited);
    client.open(whole, &text);
    let sent_whole = json!(client.diagnostics(whole)).to_string();
    assert_eq!(json!(after).to_string(), sent_whole.replace(whole, edited));
    assert_ne!(codes(&after), codes(&before), "{after:#?}");
    assert!(!after.is_empty());
    // A change without a range is the whole text.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": edited, "version": 3 }, "contentChanges": [{ "text": A }] }),
    );
    assert_eq!(client.diagnostics(edited), before);
    client.shut_down();
}

/// An invalid errgen.yaml gets a `config` diagnostic for each of its
/// problems, at each one's place.
#[test]
fn every_problem_of_an_invalid_errgen_yaml_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "catalogs:\n  - path: a.errors\ntargets:\n  tss: { out: ts }\ncheck:\n  allow: [nope]\n";
    std::fs::write(dir.path().join("errgen.yaml"), text).unwrap();
    std::fs::write(dir.path().join("a.errors"), A).unwrap();
    let mut client = Client::start(dir.path());
    let diagnostics = client.diagnostics(&uri(&dir.path().join("errgen.yaml")));
    assert_eq!(codes(&diagnostics), ["E0025", "E0025"], "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        position_of(text, "tss", 0, 0)
    );
    assert_eq!(
        diagnostics[1]["range"]["start"],
        position_of(text, "nope", 0, 0)
    );
    client.shut_down();
}

/// Completion right after a character of several bytes (a CJK one, an
/// emoji) answers, as after an ASCII one: the server does not crash.
#[test]
fn completion_after_a_character_of_several_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let uri = "untitled:wide.errors";
    client.open(uri, A);
    for (needle, plus) in [
        ("已售罄", "已售罄".len()),
        ("😀", "😀".len()),
        ("Again.", 6),
    ] {
        let completion = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position_of(A, needle, 0, plus) }),
        );
        assert!(completion.is_array(), "after {needle}: {completion}");
    }
    client.shut_down();
}

/// A catalog of the project that the client opens by another name for the
/// same file (through a symbolic link, as in a workspace opened by a link)
/// has its diagnostics and quick fixes under the client's name; those sent
/// under the project's name before are cleared.
#[cfg(unix)]
#[test]
fn a_catalog_opened_through_a_link_is_answered_under_the_clients_uri() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
    std::fs::write(real.join("errgen.yaml"), "catalogs:\n  - path: a.errors\n").unwrap();
    std::fs::write(real.join("a.errors"), A).unwrap();
    let canonical = uri(&real.join("a.errors"));
    let linked = format!("{}/link/a.errors", uri(dir.path()));
    let mut client = Client::start(&real);
    let before = client.diagnostics(&canonical);
    assert!(!before.is_empty());
    client.open(&linked, A);
    let published = client.published();
    assert_eq!(
        published.get(&canonical),
        Some(&Vec::new()),
        "{published:#?}"
    );
    let diagnostics = published
        .get(&linked)
        .expect("published for the open document");
    assert_eq!(codes(diagnostics), codes(&before));
    let malformed = diagnostics.iter().find(|d| d["code"] == "E0005").unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": linked },
            "range": malformed["range"],
            "context": { "diagnostics": [malformed] },
        }),
    );
    assert!(
        actions[0]["edit"]["changes"][&linked].is_array(),
        "{actions}"
    );
    client.shut_down();
}

/// After `shutdown` the server waits for `exit`: a request in between is
/// refused with InvalidRequest and a notification ignored, as the
/// protocol says, and `exit` then ends it with status 0.
#[test]
fn requests_after_shutdown_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    assert!(client.request("shutdown", Value::Null).is_null());
    let uri = "untitled:late.errors";
    client.open(uri, A);
    client.send(json!({
        "jsonrpc": "2.0",
        "id": "late",
        "method": "textDocument/documentSymbol",
        "params": { "textDocument": { "uri": uri } },
    }));
    let answer = loop {
        let message = client.receive();
        if message["id"] == "late" {
            break message;
        }
        assert!(
            message["method"].is_null(),
            "nothing after shutdown: {message}"
        );
    };
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert_eq!(client.exit(), Some(0));
}

/// `exit` without `shutdown` before it ends the server with status 1, as
/// the protocol says: the client did not end the session in order.
#[test]
fn exit_without_shutdown_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    assert_eq!(client.exit(), Some(1));
}

/// `exit` before the handshake is done (before `initialize`, or between
/// its answer and `initialized`) ends the server with status 1, as `exit`
/// without `shutdown` does at any time: not as a broken protocol (status
/// 2, an error on standard error).
#[test]
fn exit_before_initialized_is_a_failure_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for answer_initialize in [false, true] {
        let mut client = Client::spawn_with(dir.path(), Stdio::piped());
        if answer_initialize {
            let result = client.request(
                "initialize",
                json!({ "processId": null, "rootUri": null, "capabilities": {} }),
            );
            assert_eq!(result["serverInfo"]["name"], "errgen");
        }
        assert_eq!(
            client.exit(),
            Some(1),
            "initialize answered: {answer_initialize}"
        );
        let mut stderr = String::new();
        client
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(stderr, "", "initialize answered: {answer_initialize}");
    }
}

/// Between the answer to `initialize` and `initialized`, a notification
/// (`$/setTrace`, as VS Code sends, `$/cancelRequest`) is no protocol
/// error and a request is answered (a second `initialize` refused): the
/// server went on and then loads the project at `initialized` as always.
#[test]
fn messages_before_initialized_are_served() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: b.errors\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.errors"), B).unwrap();
    let b = uri(&dir.path().join("b.errors"));
    let mut client = Client::spawn_with(dir.path(), Stdio::piped());
    let root = uri(dir.path());
    let params = json!({ "processId": null, "rootUri": root, "capabilities": {} });
    let result = client.request("initialize", params.clone());
    assert_eq!(result["serverInfo"]["name"], "errgen");
    client.notify("$/setTrace", json!({ "value": "off" }));
    client.notify("$/cancelRequest", json!({ "id": 7 }));
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "untitled:none" } }),
    );
    assert!(symbols.is_null(), "{symbols}");
    client.send(json!({ "jsonrpc": "2.0", "id": 99, "method": "initialize", "params": params }));
    let answer = client.receive();
    assert_eq!(answer["id"], 99, "{answer}");
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    client.notify("initialized", json!({}));
    // The project is loaded: its catalog checked, though not open.
    client.diagnostics(&b);
    client.shut_down_quietly();
}

/// Each workspace folder of a multi-root workspace has its errgen.yaml:
/// its catalogs are checked together under its `check` settings (a code
/// may be in both folders' catalogs), and hover, definition and
/// completion answer in both. A folder removed
/// (`workspace/didChangeWorkspaceFolders`) has its files' diagnostics
/// cleared, but an open file's, which is then checked alone; a folder
/// added is loaded.
#[test]
fn every_workspace_folder_is_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for folder in [&one, &two] {
        std::fs::create_dir(folder).unwrap();
    }
    std::fs::write(
        one.join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\n  - path: b.errors\n",
    )
    .unwrap();
    std::fs::write(one.join("a.errors"), A).unwrap();
    std::fs::write(one.join("b.errors"), B).unwrap();
    // The same codes as one's; a warning (an entry without a message) that
    // `deny_warnings` makes an error; `replaced_by` to go to.
    let c = format!(
        "{B}\nerror old = \"SHOP_0002\" {{\n  deprecated \"use clash\"\n  replaced_by clash\n  message en \"Old.\"\n}}\n"
    );
    let d = "catalog more {\n  locales en\n}\n\nerror empty = \"MORE_1\" {\n}\n";
    std::fs::write(
        two.join("errgen.yaml"),
        "catalogs:\n  - path: c.errors\n  - path: d.errors\ncheck:\n  deny_warnings: true\n",
    )
    .unwrap();
    std::fs::write(two.join("c.errors"), &c).unwrap();
    std::fs::write(two.join("d.errors"), d).unwrap();
    let [a, b, c_uri, d_uri] = [
        one.join("a.errors"),
        one.join("b.errors"),
        two.join("c.errors"),
        two.join("d.errors"),
    ]
    .map(|path| uri(&path));
    let mut client = Client::spawn(dir.path());
    let capabilities = client.initialize_folders(&[&one, &two], json!({}));
    assert_eq!(
        capabilities["workspace"]["workspaceFolders"],
        json!({ "supported": true, "changeNotifications": true })
    );
    let published = client.published();
    // One: a.errors and b.errors together (b repeats a code of a).
    assert!(codes(&published[&a]).contains(&"E0005"), "{published:#?}");
    assert!(codes(&published[&b]).contains(&"E0003"), "{published:#?}");
    // Two: its own set, under its own `check`.
    assert!(published[&c_uri].is_empty(), "{published:#?}");
    let empty = &published[&d_uri];
    assert_eq!(codes(empty), ["W0014"], "{published:#?}");
    assert_eq!(empty[0]["severity"], 1, "deny_warnings: {empty:#?}");

    client.open(&c_uri, &c);
    for (uri, text, entry) in [(&a, A, "out_of_stock"), (&c_uri, c.as_str(), "clash")] {
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position_of(text, "SHOP_0001", 0, 2) }),
        );
        let shown = hover["contents"]["value"].as_str().unwrap();
        assert!(shown.contains(entry), "{uri}: {shown}");
        let completion = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": position_of(text, "message en", 0, 8) }),
        );
        assert!(
            completion
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["label"] == "en"),
            "{uri}: {completion}"
        );
    }
    for (uri, text, entry) in [(&a, A, "out_of_stock"), (&c_uri, c.as_str(), "clash")] {
        let definition = client.request(
            "textDocument/definition",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(text, &format!("replaced_by {entry}"), 0, 13),
            }),
        );
        assert_eq!(definition[0]["uri"], *uri, "{definition}");
        assert_eq!(
            definition[0]["range"]["start"],
            position_of(text, &format!("error {entry}"), 0, 6),
            "{definition}"
        );
    }

    // Two removed: d.errors' diagnostics cleared; c.errors, open, checked
    // alone (its warning a warning again). One is as it was.
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [folder(&two)] } }),
    );
    let published = client.published();
    assert_eq!(published.get(&d_uri), Some(&Vec::new()), "{published:#?}");
    assert!(!published.contains_key(&a), "{published:#?}");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": c_uri, "version": 2 },
            "contentChanges": [{ "text": format!("{c}\nerror empty = \"SHOP_0003\" {{\n}}\n") }],
        }),
    );
    let alone = client.diagnostics(&c_uri);
    assert_eq!(codes(&alone), ["W0014"], "{alone:#?}");
    assert_eq!(alone[0]["severity"], 2, "{alone:#?}");

    // Two added again: its errgen.yaml applies again.
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [folder(&two)], "removed": [] } }),
    );
    let published = client.published();
    assert_eq!(codes(&published[&d_uri]), ["W0014"], "{published:#?}");
    assert_eq!(published[&d_uri][0]["severity"], 1, "{published:#?}");
    let in_c = &published[&c_uri];
    assert_eq!(codes(in_c), ["W0014"], "{published:#?}");
    assert_eq!(in_c[0]["severity"], 1, "{published:#?}");
    client.shut_down();
}

/// The file watchers cover every workspace folder: an errgen.yaml made in
/// the second folder is loaded when the client reports it (not only the
/// first folder's is found again), and after a change of the folders the
/// watchers are registered again (a client such as Neovim watches the
/// folders it knows when it registers).
#[test]
fn an_errgen_yaml_in_any_folder_is_watched() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for folder in [&one, &two] {
        std::fs::create_dir(folder).unwrap();
    }
    std::fs::write(one.join("errgen.yaml"), "catalogs:\n  - path: a.errors\n").unwrap();
    std::fs::write(one.join("a.errors"), A).unwrap();
    let c = "catalog more {\n  locales en\n}\n\nerror empty = \"MORE_1\" {\n}\n";
    std::fs::write(two.join("c.errors"), c).unwrap();
    let c = uri(&two.join("c.errors"));
    let mut client = Client::spawn(dir.path());
    let watching =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    client.initialize_folders(&[&one, &two], watching);
    let published = client.published();
    assert!(!published.contains_key(&c), "{published:#?}");
    std::fs::write(two.join("errgen.yaml"), "catalogs:\n  - path: c.errors\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&two.join("errgen.yaml")), "type": 1 }] }),
    );
    let published = client.published();
    assert_eq!(codes(&published[&c]), ["W0014"], "{published:#?}");

    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [folder(&two)] } }),
    );
    assert_eq!(client.published().get(&c), Some(&Vec::new()));
    let methods: Vec<&str> = (client.queued.iter())
        .filter_map(|m| m["method"].as_str())
        .filter(|m| m.starts_with("client/"))
        .collect();
    assert_eq!(
        methods,
        [
            "client/registerCapability",
            "client/unregisterCapability",
            "client/registerCapability"
        ]
    );
    let ids: Vec<&Value> = client
        .queued
        .iter()
        .map(|m| &m["id"])
        .filter(|id| !id.is_null())
        .collect();
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    client.shut_down();
}

/// An errgen.yaml above the workspace folder, and a catalog outside it,
/// are watched by name (a watcher with a base folder, for a client that
/// takes one): the folder's globs do not reach them. When errgen.yaml
/// lists others, the watchers are registered again.
#[test]
fn files_of_the_project_outside_the_folder_are_watched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for folder in ["sub", "shared"] {
        std::fs::create_dir(root.join(folder)).unwrap();
    }
    std::fs::write(root.join("sub/a.errors"), A).unwrap();
    std::fs::write(root.join("shared/b.errors"), B).unwrap();
    let listed = "catalogs:\n  - path: sub/a.errors\n  - path: shared/b.errors\n";
    std::fs::write(root.join("errgen.yaml"), listed).unwrap();
    let mut client = Client::spawn(&root);
    let watching = json!({ "workspace": { "didChangeWatchedFiles": {
        "dynamicRegistration": true, "relativePatternSupport": true,
    } } });
    client.initialize_folders(&[&root.join("sub")], watching);
    client.published();
    let registered = |client: &Client| -> Vec<Value> {
        let request = (client.queued.iter())
            .rfind(|m| m["method"] == "client/registerCapability")
            .expect("a registration");
        let watchers = &request["params"]["registrations"][0]["registerOptions"]["watchers"];
        (watchers.as_array().unwrap().iter())
            .map(|w| w["globPattern"].clone())
            .collect()
    };
    let base = |pattern: &str, folder: &Path| json!({ "baseUri": uri(folder), "pattern": pattern });
    assert_eq!(
        registered(&client),
        [
            json!("**/errgen.yaml"),
            json!("**/*.errors"),
            base("errgen.yaml", &root),
            base("b.errors", &root.join("shared")),
        ]
    );
    std::fs::write(
        root.join("errgen.yaml"),
        "catalogs:\n  - path: sub/a.errors\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("errgen.yaml")), "type": 2 }] }),
    );
    client.published();
    assert_eq!(
        registered(&client),
        [
            json!("**/errgen.yaml"),
            json!("**/*.errors"),
            base("errgen.yaml", &root),
        ]
    );
    assert!(client
        .queued
        .iter()
        .any(|m| m["method"] == "client/unregisterCapability"));
    client.shut_down();
}

/// A document named by a URI with characters a URI cannot hold, as a
/// client may send a path (`file:///…/用户/a b.errors`, unencoded), is
/// read as the URI it means, percent-encoded: it is checked, its
/// diagnostics published under that URI, and its changes and requests
/// served (lsp-types refuses such a URI: the document was dropped
/// silently). A message the server still cannot read is reported to the
/// client (`window/logMessage`, naming the URI), not dropped silently.
#[test]
fn a_document_named_by_an_unencoded_uri_is_served() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("用户")).unwrap();
    let raw = format!("{}/用户/a b.errors", uri(dir.path()));
    let encoded = format!("{}/%E7%94%A8%E6%88%B7/a%20b.errors", uri(dir.path()));
    let mut client = Client::start(dir.path());
    let text = "catalog demo {\n  locales en\n}\n\nerror a = \"A\" {\n  htpp 404\n  message en \"A.\"\n}\n";
    client.open(&raw, text);
    let published = client.published();
    let diagnostics = published.get(&encoded).expect("diagnostics published");
    assert_eq!(codes(diagnostics), ["E0001"], "{published:#?}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": raw } }),
    );
    assert!(
        symbols.is_null(),
        "no symbols of a file that does not parse: {symbols}"
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": raw, "version": 2 },
            "contentChanges": [{ "text": text.replace("htpp", "http") }],
        }),
    );
    assert_eq!(client.diagnostics(&encoded), Vec::<Value>::new());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": raw } }),
    );
    assert_eq!(symbols[0]["name"], "a", "{symbols}");

    // No text: the document cannot be read; the client hears of it.
    let broken = format!("{}/用户/b.errors", uri(dir.path()));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": broken, "languageId": "errgen", "version": 1 } }),
    );
    client.published();
    let logged: Vec<&Value> = client
        .queued
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .collect();
    assert!(
        logged.iter().any(|m| {
            let message = m["params"]["message"].as_str().unwrap();
            m["params"]["type"] == 2
                && message.contains("textDocument/didOpen")
                && message.contains(&broken)
        }),
        "{:#?}",
        client.queued
    );
    client.shut_down();
}

/// Changes that arrive together, as typing sends them, are checked
/// together: a burst of edits of a large catalog is answered by a few
/// checks of the latest text, not one per keystroke each published.
#[test]
fn a_burst_of_changes_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let uri = "untitled:big.errors";
    let mut text = String::from("catalog big {\n  locales en\n}\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "\nerror e{i} = \"E{i}\" {{\n  http 404\n  message en \"Message {i}.\"\n}}\n"
        ));
    }
    client.open(uri, &text);
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    // `http` misspelt and mended, 40 times: each change alone would publish.
    let at = |character| json!({ "line": 5, "character": character });
    for version in 2..42 {
        let (range, new) = if version % 2 == 0 {
            (json!({ "start": at(2), "end": at(2) }), "x")
        } else {
            (json!({ "start": at(2), "end": at(3) }), "")
        };
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": range, "text": new }],
            }),
        );
    }
    // A request is answered once every change before it is checked.
    client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let publishes = client
        .queued
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    // A busy machine may delay the reader past the wait now and then: a
    // few checks more, never one per change.
    assert!(publishes < 20, "{publishes} publishes for 40 changes");
    client.shut_down();
}

/// An `initialize` whose params are not the protocol's (a root URI that
/// is no string, no `capabilities`) is answered with InvalidParams, and
/// the server still waits for one it can read. (A root URI that only
/// lacks encoding is read: see the next test.)
#[test]
fn a_malformed_initialize_is_refused_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(dir.path());
    for (id, params) in [
        (
            1,
            json!({ "processId": null, "rootUri": 42, "capabilities": {} }),
        ),
        (2, json!({ "processId": null })),
    ] {
        client
            .send(json!({ "jsonrpc": "2.0", "id": id, "method": "initialize", "params": params }));
        let answer = client.receive();
        assert_eq!(answer["id"], id, "{answer}");
        assert_eq!(answer["error"]["code"], -32602, "{answer}");
    }
    client.next_id = 2;
    client.initialize(dir.path());
    client.shut_down();
}

/// An `initialize` whose root URI and workspace folder are sent
/// unencoded (a path with a space and CJK characters) is read as the URIs
/// they mean, as the URIs of later messages are: the folder's project is
/// loaded, and the client's log says how the URI was read.
#[test]
fn an_initialize_with_unencoded_uris_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("用户 a");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("errgen.yaml"),
        "catalogs:\n  - path: b.errors\n",
    )
    .unwrap();
    std::fs::write(folder.join("b.errors"), B).unwrap();
    let b = uri(&folder.join("b.errors"));
    let raw = format!(
        "file://{}",
        folder.canonicalize().unwrap().to_str().unwrap()
    );
    for params in [
        json!({ "processId": null, "rootUri": raw, "capabilities": {} }),
        json!({
            "processId": null,
            "rootUri": null,
            "workspaceFolders": [{ "uri": raw, "name": "a" }],
            "capabilities": {},
        }),
    ] {
        let mut client = Client::spawn(dir.path());
        let result = client.request("initialize", params.clone());
        assert_eq!(result["serverInfo"]["name"], "errgen", "{params}");
        let logged = client.queued.iter().any(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"].as_str().unwrap().contains(&raw)
        });
        assert!(logged, "{:?}", client.queued);
        client.notify("initialized", json!({}));
        // Loaded: the folder's catalog is checked, though not open.
        client.diagnostics(&b);
        client.shut_down();
    }
}

/// A message whose body is not JSON is answered with a Parse error (id
/// `null`), as JSON-RPC says, and the server reads on: it does not end
/// (lsp-server's reader stopped there, and the server with status 2).
#[test]
fn a_body_that_is_not_json_is_answered_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn_with(dir.path(), Stdio::piped());
    client.initialize(dir.path());
    let body = "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": ";
    let stdin = client.stdin.as_mut().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
    let answer = client.receive();
    assert_eq!(answer["error"]["code"], -32700, "{answer}");
    assert!(answer["id"].is_null(), "{answer}");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "untitled:none" } }),
    );
    assert!(symbols.is_null(), "{symbols}");
    client.shut_down_quietly();
}

/// Inside a comment nothing is completed: a space typed in one (the
/// trigger character) offers no keywords for Enter to take, also after
/// a statement and with `//` inside a string before it.
#[test]
fn nothing_is_completed_in_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    let uri = "untitled:comments.errors";
    let text = A
        .replace(
            "    http 403\n",
            "    // retry after a while \n    http 403 // see \n",
        )
        .replace(
            "  locales en, zh\n",
            "  docs \"https://x\" // the docs \n  locales en, zh\n",
        );
    client.open(uri, &text);
    for needle in ["a while ", "// see ", "the docs "] {
        let completion = client.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(&text, needle, 0, needle.len()),
                "context": { "triggerKind": 2, "triggerCharacter": " " },
            }),
        );
        assert_eq!(completion, json!([]), "after {needle:?}");
    }
    // Before the comment, keywords are offered.
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position_of(&text, "// retry", 0, 0) }),
    );
    assert!(
        completion
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["label"] == "message"),
        "{completion}"
    );
    client.shut_down();
}

/// A `config` diagnostic of an errgen.yaml saved with a byte-order mark
/// (as Windows editors may) is at its place in the text as the client
/// holds it, decoded without the mark (as a catalog read from disk is).
#[test]
fn an_errgen_yaml_with_a_byte_order_mark_is_diagnosed_in_place() {
    for (text, place) in [
        ("\u{FEFF}catalogs:\n  - paht: a.errors\n", "paht"),
        ("\u{FEFF}catalogz:\n  - path: a.errors\n", "catalogz"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("errgen.yaml"), text).unwrap();
        let mut client = Client::start(dir.path());
        let diagnostics = client.diagnostics(&uri(&dir.path().join("errgen.yaml")));
        let quoted = format!("`{place}`");
        let found = diagnostics
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(&quoted))
            .unwrap_or_else(|| panic!("{diagnostics:#?}"));
        let decoded = &text['\u{FEFF}'.len_utf8()..];
        let range = &found["range"];
        assert_eq!(range["start"], position_of(decoded, place, 0, 0), "{place}");
        assert_eq!(
            range["end"],
            position_of(decoded, place, 0, place.len()),
            "{place}"
        );
        client.shut_down();
    }
}

/// A catalog errgen.yaml lists that cannot be read (not there yet, or
/// deleted) is reported as `errgen check` reports it, not as a syntax
/// error of an empty file; once it is there, the report goes.
#[test]
fn a_listed_catalog_that_is_missing_is_reported_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\n  - path: b.errors\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.errors"), A).unwrap();
    let b = format!("{}/b.errors", uri(dir.path()));
    let mut client = Client::start(dir.path());
    let diagnostics = client.diagnostics(&b);
    assert_eq!(codes(&diagnostics), ["E0025"], "{diagnostics:#?}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.starts_with("cannot read `"), "{message}");
    std::fs::write(dir.path().join("b.errors"), B.replace("SHOP_", "STOCK_")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": b, "type": 1 }] }),
    );
    assert_eq!(client.published().get(&b), Some(&Vec::new()));
    client.shut_down();
}

/// A client that registers file watchers when asked (Neovim, Helix, …;
/// the VS Code extension watches by itself) is asked to watch errgen.yaml
/// and the catalogs, so that the server hears of their changes on disk.
#[test]
fn the_client_is_asked_to_watch_the_project_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(dir.path());
    let watching =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    client.initialize_with(dir.path(), watching);
    let request = loop {
        let message = client.receive();
        if message["method"] == "client/registerCapability" {
            break message;
        }
    };
    let registration = &request["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs, ["**/errgen.yaml", "**/*.errors"]);
    client.send(json!({ "jsonrpc": "2.0", "id": request["id"], "result": null }));
    client.shut_down();

    // A client that cannot is not asked.
    let mut client = Client::start(dir.path());
    client.published();
    assert!(
        client
            .queued
            .iter()
            .all(|m| m["method"] != "client/registerCapability"),
        "{:?}",
        client.queued
    );
    client.shut_down();
}

/// errgen.yaml's `check.baseline` is compared with as `errgen check` does:
/// a breaking change without a major version is `version-bump` on the
/// catalog's `version` while typing, and a major version clears it.
#[test]
fn a_breaking_change_without_a_major_version_is_reported_while_typing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\ncheck:\n  baseline: released/\n",
    )
    .unwrap();
    let released = B.replace("locales en", "version 1.0.0\n  locales en");
    std::fs::create_dir(dir.path().join("released")).unwrap();
    std::fs::write(dir.path().join("released/a.errors"), &released).unwrap();
    std::fs::write(dir.path().join("a.errors"), &released).unwrap();
    let a = format!("{}/a.errors", uri(dir.path()));
    let mut client = Client::start(dir.path());
    client.open(&a, &released);
    assert_eq!(client.diagnostics(&a), Vec::<Value>::new());
    // The one code's HTTP status changed: breaking, under the same version.
    let changed = released.replace(
        "error clash = \"SHOP_0001\" {",
        "error clash = \"SHOP_0001\" {\n  http 400",
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": a, "version": 2 }, "contentChanges": [{ "text": changed }] }),
    );
    let diagnostics = client.diagnostics(&a);
    assert_eq!(codes(&diagnostics), ["W0032"], "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 1, "on `version`");
    let major = changed.replace("version 1.0.0", "version 2.0.0");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": a, "version": 3 }, "contentChanges": [{ "text": major }] }),
    );
    assert_eq!(client.diagnostics(&a), Vec::<Value>::new());
    client.shut_down();
}
