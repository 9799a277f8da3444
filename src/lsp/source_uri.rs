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
}
