//! `file:` URIs ↔ paths: the client names documents by URI, errgen.yaml
//! names catalogs by path. (lsp-types' `Uri` parses a URI but does not
//! convert it.)

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The path of a `file:` URI on this machine (`file:///a/b%20c` is
/// `/a/b c`); `None` for another scheme, a host other than `localhost`, or
/// an escape that is not UTF-8.
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let (host, path) = rest.split_at(rest.find('/')?);
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    // `/C:/x` on Windows is `C:/x`.
    if cfg!(windows) {
        let b = decoded.as_bytes();
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return Some(PathBuf::from(&decoded[1..]));
        }
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of an absolute path, every byte but the unreserved ones
/// and `/` percent-encoded; `None` for a relative path or one that is not
/// UTF-8.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let text = text.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        if !cfg!(windows) {
            return None;
        }
        uri.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(b as char)
            }
            b':' if cfg!(windows) => uri.push(':'),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

/// `text` made a URI lsp-types reads, when it is not one but means one: a
/// client that sends a path unencoded (`file:///tmp/用户/a b.errors`)
/// means `file:///tmp/%E7%94%A8%E6%88%B7/a%20b.errors`. Every byte a URI
/// cannot hold where it stands is percent-encoded (a `%` that starts no
/// escape, a second `#`, brackets, spaces, controls, non-ASCII). `None`
/// when `text` is a URI already, or is none once encoded.
pub(crate) fn repaired(text: &str) -> Option<String> {
    if Uri::from_str(text).is_ok() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut fragment = false;
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &b) in bytes.iter().enumerate() {
        let kept = match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => true,
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'@' => true,
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => true,
            b'#' => !std::mem::replace(&mut fragment, true),
            b'%' => bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)),
            _ => false,
        };
        if kept {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).is_ok().then_some(out)
}

/// Repairs every `uri` string in `params` ([`repaired`]), and `rootUri`
/// (of `initialize`), as the client sent them; returns each repaired one,
/// as sent and as read.
pub(crate) fn repair_uris(params: &mut serde_json::Value) -> Vec<(String, String)> {
    use serde_json::Value;
    let mut repairs = Vec::new();
    // Depth-first, without recursion (serde_json bounds a message's depth,
    // but a walk need not rely on it).
    let mut stack = vec![params];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                for (key, value) in object.iter_mut() {
                    match value {
                        Value::String(text) if key == "uri" || key == "rootUri" => {
                            if let Some(uri) = repaired(text) {
                                repairs.push((std::mem::replace(text, uri.clone()), uri));
                            }
                        }
                        Value::Object(_) | Value::Array(_) => stack.push(value),
                        _ => {}
                    }
                }
            }
            Value::Array(values) => {
                stack.extend(values.iter_mut().filter(|v| v.is_object() || v.is_array()))
            }
            _ => {}
        }
    }
    repairs
}

/// `%XX` escapes decoded; `None` when the result is not UTF-8 or an escape
/// is broken.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn paths_and_uris_round_trip() {
        let path = Path::new("/tmp/a b/错误 #1.errors");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20b/%E9%94%99%E8%AF%AF%20%231.errors"
        );
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let localhost = Uri::from_str("file://localhost/x/y.errors").unwrap();
        assert_eq!(uri_to_path(&localhost), Some(PathBuf::from("/x/y.errors")));
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
        assert_eq!(path_to_uri(Path::new("relative.errors")), None);
    }

    /// A URI sent unencoded is read as the URI it means; one that parses
    /// is left as it is.
    #[test]
    fn unencoded_uris_are_repaired() {
        for (sent, read) in [
            (
                "file:///tmp/用户/a b.errors",
                Some("file:///tmp/%E7%94%A8%E6%88%B7/a%20b.errors"),
            ),
            (
                "file:///tmp/100%/a.errors",
                Some("file:///tmp/100%25/a.errors"),
            ),
            ("file:///tmp/a#b#c", Some("file:///tmp/a#b%23c")),
            ("file:///tmp/[1]{2}", Some("file:///tmp/%5B1%5D%7B2%7D")),
            ("file:///tmp/a%20b.errors", None),
            ("untitled:Untitled-1", None),
        ] {
            assert_eq!(repaired(sent).as_deref(), read, "{sent}");
        }
        let path = uri_to_path(&Uri::from_str(&repaired("file:///tmp/用户/a b").unwrap()).unwrap());
        assert_eq!(path, Some(PathBuf::from("/tmp/用户/a b")));
        let mut params = serde_json::json!({
            "rootUri": "file:///r s",
            "textDocument": { "uri": "file:///a b" },
            "changes": [{ "uri": "file:///c d", "type": 1 }, { "uri": "file:///e" }],
            "text": "file:///not a uri",
        });
        let repairs = repair_uris(&mut params);
        assert_eq!(repairs.len(), 3, "{repairs:?}");
        assert_eq!(params["rootUri"], "file:///r%20s");
        assert_eq!(params["textDocument"]["uri"], "file:///a%20b");
        assert_eq!(params["changes"][0]["uri"], "file:///c%20d");
        assert_eq!(params["text"], "file:///not a uri");
    }
}
