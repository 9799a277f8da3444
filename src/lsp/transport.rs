//! The stdio transport: `Content-Length` framing on stdin and stdout, as
//! lsp-server's (`Connection::stdio`), but a body that is not a message
//! does not end the server. lsp-server's reader stops at a body that is
//! not JSON (and the command exits 2), and its `Response` cannot carry the
//! `null` id JSON-RPC answers such a body with; here the body is answered
//! (Parse error, or Invalid Request for JSON that is no message) and the
//! next message read. A broken frame (a header without `\r\n`, no
//! `Content-Length`, the input ending inside a body) still ends the
//! reader with an error: what follows it cannot be found.

use lsp_server::{Connection, ErrorCode, Message};
use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

/// The reader and writer threads of [`stdio`].
pub(crate) struct IoThreads {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads (the writer ends once the connection is
    /// dropped); the reader's error first.
    pub(crate) fn join(self) -> io::Result<()> {
        let reader = self.reader.join();
        let writer = self.writer.join();
        let panicked = |_| io::Error::other("an I/O thread panicked");
        reader.map_err(panicked)??;
        writer.map_err(panicked)?
    }
}

/// A connection over stdin and stdout: messages read from stdin come out
/// of its receiver, those sent to its sender are written to stdout.
pub(crate) fn stdio() -> (Connection, IoThreads) {
    let (server, ends) = Connection::memory();
    let Connection { sender, receiver } = ends;
    let reader = std::thread::spawn(move || {
        read_messages(
            &mut io::stdin().lock(),
            |message| sender.send(message).is_ok(),
            |frame| write_frame(&mut stdout(), frame),
        )
    });
    let writer = std::thread::spawn(move || {
        for message in receiver {
            let mut frame = Vec::new();
            message.write(&mut frame)?;
            write_frame(&mut stdout(), &frame)?;
        }
        Ok(())
    });
    (server, IoThreads { reader, writer })
}

/// The protocol's output. (The lint sends output through src/main.rs for
/// a failed write to exit 2: here a failed write ends the writer or
/// reader with its error, which [`super::run`] returns, exit 2 too.)
#[allow(clippy::disallowed_methods)]
fn stdout() -> io::Stdout {
    io::stdout()
}

/// Writes one whole frame under one lock of stdout: the reader's answers
/// and the writer's messages never interleave.
fn write_frame(stdout: &mut io::Stdout, frame: &[u8]) -> io::Result<()> {
    let mut out = stdout.lock();
    out.write_all(frame)?;
    out.flush()
}

/// Reads framed messages from `input` and hands each to `deliver` until
/// the input ends, `deliver` refuses one, or one is `exit` (after it, the
/// client may keep the input open). A body that is no message is answered
/// by `answer` (a whole frame) and skipped.
pub(crate) fn read_messages(
    input: &mut impl BufRead,
    mut deliver: impl FnMut(Message) -> bool,
    mut answer: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    while let Some(body) = read_frame(input)? {
        let message = match serde_json::from_slice::<Message>(&body) {
            Ok(message) => message,
            Err(error) => {
                answer(&refusal(&body, error))?;
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if !deliver(message) || exit {
            break;
        }
    }
    Ok(())
}

/// The body of the next frame; `None` at the end of the input before one.
/// Headers end in `\r\n`, an empty line ends them; only `Content-Length`
/// (of any case) is read, as lsp-server reads them.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let broken = |why: String| io::Error::new(io::ErrorKind::InvalidData, why);
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let Some(header) = line.strip_suffix("\r\n") else {
            return Err(broken(format!("malformed header: {line:?}")));
        };
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(": ") else {
            return Err(broken(format!("malformed header: {header:?}")));
        };
        if name.eq_ignore_ascii_case("Content-Length") {
            let value = value.parse::<usize>().map_err(|e| broken(e.to_string()))?;
            length = Some(value);
        }
    }
    let length = length.ok_or_else(|| broken("no Content-Length".to_owned()))?;
    let mut body = Vec::new();
    let read = input.by_ref().take(length as u64).read_to_end(&mut body)?;
    if read < length {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(body))
}

/// The framed answer to a body that is no message: Parse error for one
/// that is not JSON, else Invalid Request (with its id when it has one a
/// request may have, else `null`).
fn refusal(body: &[u8], error: serde_json::Error) -> Vec<u8> {
    let (code, id) = match serde_json::from_slice::<serde_json::Value>(body) {
        Err(_) => (ErrorCode::ParseError, serde_json::Value::Null),
        Ok(value) => {
            let id = match value.get("id") {
                Some(id @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => {
                    id.clone()
                }
                _ => serde_json::Value::Null,
            };
            (ErrorCode::InvalidRequest, id)
        }
    };
    let text = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": format!("errgen lsp cannot read this message: {error}") },
    })
    .to_string();
    let mut frame = format!("Content-Length: {}\r\n\r\n", text.len()).into_bytes();
    frame.extend_from_slice(text.as_bytes());
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Reads `input`: the messages delivered, the answers' bodies, and
    /// whether reading ended in an error.
    fn read(input: &str) -> (Vec<Message>, Vec<serde_json::Value>, bool) {
        let (mut messages, mut answers) = (Vec::new(), Vec::new());
        let result = read_messages(
            &mut input.as_bytes(),
            |message| {
                messages.push(message);
                true
            },
            |frame| {
                let text = std::str::from_utf8(frame).unwrap();
                let (_, body) = text.split_once("\r\n\r\n").unwrap();
                answers.push(serde_json::from_str(body).unwrap());
                Ok(())
            },
        );
        (messages, answers, result.is_err())
    }

    /// A body that is not JSON, or not UTF-8, is answered with Parse
    /// error (id `null`); JSON that is no message with Invalid Request
    /// (with its id); the messages around them are read.
    #[test]
    fn a_body_that_is_no_message_is_answered_and_skipped() {
        let shutdown = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            frame("{not json"),
            frame(shutdown),
            "Content-Length: 2\r\ncontent-type: x\r\n\r\n\u{0}\u{1}".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame("[]"),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
            frame(shutdown),
        ]
        .concat();
        let (messages, answers, failed) = read(&input);
        assert!(!failed);
        // Read up to `exit`, not past it.
        assert_eq!(messages.len(), 2, "{messages:?}");
        let codes: Vec<(i64, serde_json::Value)> = (answers.iter())
            .map(|a| (a["error"]["code"].as_i64().unwrap(), a["id"].clone()))
            .collect();
        let null = serde_json::Value::Null;
        assert_eq!(
            codes,
            [
                (-32700, null.clone()),
                (-32700, null.clone()),
                (-32600, 7.into()),
                (-32600, null)
            ]
        );
    }

    /// Frames of any bodies, some with a wrong length or header, among
    /// stray bytes: the reader ends (with or without an error), never
    /// panics, and answers only with whole frames of JSON.
    #[test]
    fn any_input_ends_without_a_panic() {
        let bodies: &[&[u8]] = &[
            br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","method":"y","params":{}}"#,
            br#"{"jsonrpc":"2.0","id":"a","result":null}"#,
            br#"{"jsonrpc":"2.0","method":"exit"}"#,
            br#""id":null"#,
            b"{",
            b"}",
            b"[1,",
            "用".as_bytes(),
            &[0xff, 0xfe],
            b"\0",
            b"\r\n",
        ];
        let stray: &[&[u8]] = &[
            b"\r\n",
            b"\n",
            b"Content-Length: 99999999999999999999\r\n",
            b"X: y\r\n",
            b"junk",
        ];
        let mut random = crate::lsp::typing::Lcg(7);
        let (mut delivered, mut answered) = (0, 0);
        for _ in 0..3_000 {
            let mut input = Vec::new();
            for _ in 0..1 + random.below(6) {
                if random.below(8) == 0 {
                    input.extend_from_slice(stray[random.below(stray.len())]);
                    continue;
                }
                let mut body = Vec::new();
                for _ in 0..random.below(3) + usize::from(random.below(4) != 0) {
                    body.extend_from_slice(bodies[random.below(bodies.len())]);
                }
                let length = match random.below(10) {
                    0 => body.len() + 1 + random.below(3),
                    1 => body.len().saturating_sub(1),
                    _ => body.len(),
                };
                let name = ["Content-Length", "content-length"][random.below(2)];
                input.extend_from_slice(format!("{name}: {length}\r\n\r\n").as_bytes());
                input.extend_from_slice(&body);
            }
            let mut answers = Vec::new();
            let _ = read_messages(
                &mut input.as_slice(),
                |_| {
                    delivered += 1;
                    true
                },
                |frame| {
                    answers.push(frame.to_vec());
                    Ok(())
                },
            );
            answered += answers.len();
            for frame in answers {
                let text = String::from_utf8(frame).expect("an answer is UTF-8");
                let (header, body) = text.split_once("\r\n\r\n").expect("a whole frame");
                assert_eq!(header, format!("Content-Length: {}", body.len()));
                serde_json::from_str::<serde_json::Value>(body).expect("an answer is JSON");
            }
        }
        // Not vacuous: messages were read and bodies answered.
        assert!(delivered > 500 && answered > 500, "{delivered} {answered}");
    }

    /// A frame that cannot be read ends the reading with an error: what
    /// follows it cannot be found. The input ending between frames is no
    /// error.
    #[test]
    fn a_broken_frame_ends_the_reading() {
        for input in [
            "Content-Length: 5\n\n{}".to_owned(),
            "Content-Type: x\r\n\r\n{}".to_owned(),
            "Content-Length: x\r\n\r\n{}".to_owned(),
            "Content-Length: 50\r\n\r\n{}".to_owned(),
        ] {
            assert!(read(&input).2, "{input:?}");
        }
        assert!(!read("").2);
    }
}
