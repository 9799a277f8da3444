//! `errgen lsp`: a language server for catalogs, over stdio.
//!
//! Speaks the Language Server Protocol with `lsp-server` and `lsp-types`
//! (as rust-analyzer does), over its own stdio framing (`transport.rs`: a
//! body that is no message is answered, not fatal). Documents are synchronised by incremental edits
//! (each a range and its new text); on every open, change and save the
//! changed file is parsed and lowered again and the checker runs over its
//! set (the catalogs of a project's errgen.yaml together, so that a code
//! is unique across them, or a file outside every project alone: each
//! workspace folder has the errgen.yaml found from it), and every finding
//! is published: checker rules, syntax
//! and encoding errors, an invalid errgen.yaml (a file's only when they
//! differ from what the client was last sent). Nothing is generated.
//!
//! Besides diagnostics: quick fixes from the diagnostics' suggestions, hover
//! on a code or an entry's name, go to definition (`replaced_by`, codes,
//! reserved codes), document symbols, completion of keywords and locales,
//! and formatting with `errgen fmt`. While a file does not parse, the
//! requests are answered from the last text of it that did, where the
//! text is unchanged since.
//!
//! Positions are UTF-16 code units, as the protocol's default encoding
//! says (`position`).

mod features;
mod position;
mod state;
mod transport;
#[doc(hidden)]
pub mod typing;

use crate::source::FileId;
use lsp_server::{Connection, ExtractError, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    InitializeParams, LogMessageParams, MessageType, OneOf, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use source_uri::{path_to_uri, uri_to_path};
use state::State;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

mod source_uri;

/// Runs the server on stdin and stdout until the client says `exit` (or
/// goes away). Returns whether `shutdown` came first, as the protocol's
/// exit code says (0, else 1). An error is a broken connection or framing
/// (the command exits 2); a body that is no message is answered and
/// skipped (`transport.rs`).
pub fn run() -> Result<bool, String> {
    let (connection, io_threads) = transport::stdio();
    let shut_down = serve(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())?;
    Ok(shut_down)
}

/// What the server can do, as `initialize` answers.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(true),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        // Each folder's errgen.yaml is loaded, as folders come and go.
        workspace: Some(lsp_types::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp_types::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            // A locale follows `message `, `cause `, `remedy `.
            trigger_characters: Some(vec![" ".to_owned()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Serves one client on `connection`: the handshake, then messages until
/// `exit` (after `shutdown`, requests are refused and notifications
/// ignored, as the protocol says). Returns whether `shutdown` came.
fn serve(connection: &Connection) -> Result<bool, String> {
    let Some((params, repaired)) = handshake(connection)? else {
        // `exit` before the session began: no `shutdown` came.
        return Ok(false);
    };
    let mut server = Server {
        connection,
        state: State::default(),
        dirty: Vec::new(),
        shut_down: false,
        repaired,
        watching: watching(&params),
        roots: Some(root_folders(&params)),
    };
    server.main_loop()
}

/// The handshake: `initialize` answered, its URIs repaired as those of any
/// message ([`Server::repair_uris`]; returned with the params). Before it,
/// a request is refused (ServerNotInitialized) and a notification ignored;
/// params the server cannot read are refused, and another `initialize`
/// may follow. `None`
/// when the client says `exit` first, which ends the server as `exit` does
/// at any time (lsp-server's `initialize_start` and `initialize_finish`
/// take it for a broken protocol, as they take any message but
/// `initialized` after the answer: the main loop waits for that one).
/// An error is a closed connection.
fn handshake(
    connection: &Connection,
) -> Result<Option<(InitializeParams, HashSet<String>)>, String> {
    let send = |message: Message| connection.sender.send(message).map_err(|e| e.to_string());
    let receive = || {
        connection
            .receiver
            .recv()
            .map_err(|_| "the client closed the connection".to_owned())
    };
    let is_exit = |message: &Message| matches!(message, Message::Notification(n) if n.method == note::Exit::METHOD);
    let mut repaired = HashSet::new();
    let (id, params) = loop {
        match receive()? {
            message if is_exit(&message) => return Ok(None),
            Message::Request(mut request) if request.method == req::Initialize::METHOD => {
                for (sent, read) in source_uri::repair_uris(&mut request.params) {
                    if repaired.insert(sent.clone()) {
                        send(log(MessageType::INFO, repair_note(&sent, &read)))?;
                    }
                }
                match serde_json::from_value::<InitializeParams>(request.params) {
                    Ok(params) => break (request.id, params),
                    Err(e) => {
                        let refusal = Refusal::Params(format!("initialize: {e}"));
                        send(Message::Response(refusal.response(request.id)))?;
                    }
                }
            }
            Message::Request(request) => send(Message::Response(Response::new_err(
                request.id,
                lsp_server::ErrorCode::ServerNotInitialized as i32,
                format!("`{}` before `initialize`", request.method),
            )))?,
            Message::Notification(_) | Message::Response(_) => {}
        }
    };
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "errgen".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    send(Message::Response(Response::new_ok(id, result)))?;
    Ok(Some((params, repaired)))
}

/// What the client's log says of a URI sent unencoded.
fn repair_note(sent: &str, read: &str) -> String {
    format!("errgen lsp reads `{sent}`, which is no URI, as `{read}`")
}

/// A `window/logMessage` notification.
fn log(typ: MessageType, message: String) -> Message {
    Message::Notification(Notification::new(
        note::LogMessage::METHOD.to_owned(),
        LogMessageParams { typ, message },
    ))
}

/// The folders to find errgen.yaml from: the workspace folders, else the
/// root the client names, else the current folder.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only those
fn root_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = (params.workspace_folders.iter().flatten())
        .filter_map(|folder| uri_to_path(&folder.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    (params.root_uri.as_ref().and_then(uri_to_path))
        .or_else(|| params.root_path.as_ref().map(PathBuf::from))
        .or_else(|| std::env::current_dir().ok())
        .into_iter()
        .collect()
}

/// How long the next message of a burst of changes is waited for before
/// the changes are checked: the reader frames a typed change in
/// microseconds, a check takes milliseconds.
const BURST: Duration = Duration::from_millis(2);

/// What the client is asked to watch, when it registers file watchers
/// the server asks for.
fn watching(params: &InitializeParams) -> Option<Watching> {
    let capabilities = (params.capabilities.workspace.as_ref())
        .and_then(|w| w.did_change_watched_files.as_ref())?;
    capabilities
        .dynamic_registration
        .unwrap_or(false)
        .then(|| Watching {
            relative: capabilities.relative_pattern_support.unwrap_or(false),
            registrations: 0,
            outside: Vec::new(),
        })
}

/// The file watchers the client was asked for ([`Server::watch_files`]).
struct Watching {
    /// Whether the client takes a watcher with a base folder (a
    /// `RelativePattern`).
    relative: bool,
    /// How many times they were registered.
    registrations: u32,
    /// The files outside every workspace folder watched by name
    /// ([`State::outside_folders`]).
    outside: Vec<PathBuf>,
}

struct Server<'c> {
    connection: &'c Connection,
    state: State,
    /// Files changed since their set was last checked.
    dirty: Vec<FileId>,
    /// Whether the client asked to shut down: only `exit` is served now.
    shut_down: bool,
    /// The file watchers, when the client registers them.
    watching: Option<Watching>,
    /// The URIs the client sent unencoded that were read as the URIs they
    /// mean ([`Server::repair_uris`]).
    repaired: HashSet<String>,
    /// The folders to load the projects of once `initialized` comes (the
    /// client may send other messages before it: they are served).
    roots: Option<Vec<PathBuf>>,
}

impl Server<'_> {
    /// Serves messages until `exit`, or the connection closes; returns
    /// whether `shutdown` came.
    fn main_loop(&mut self) -> Result<bool, String> {
        loop {
            // Changes that arrive together (typing) are checked once: the
            // check runs when no message comes within a moment (the reader
            // hands over one message at a time, as it has framed it), or
            // before a request.
            let receiver = &self.connection.receiver;
            let message = if self.dirty.is_empty() {
                receiver.recv().ok()
            } else {
                match receiver.recv_timeout(BURST) {
                    Err(e) if e.is_timeout() => {
                        self.check_dirty();
                        receiver.recv().ok()
                    }
                    message => message.ok(),
                }
            };
            let Some(message) = message else {
                return Ok(self.shut_down);
            };
            match message {
                Message::Request(request) if self.shut_down => {
                    self.send(Message::Response(Response::new_err(
                        request.id,
                        lsp_server::ErrorCode::InvalidRequest as i32,
                        "errgen lsp is shutting down".to_owned(),
                    )));
                }
                Message::Request(request) if request.method == req::Shutdown::METHOD => {
                    self.shut_down = true;
                    self.send(Message::Response(Response::new_ok(request.id, ())));
                }
                Message::Request(request) if request.method == req::Initialize::METHOD => {
                    self.send(Message::Response(Response::new_err(
                        request.id,
                        lsp_server::ErrorCode::InvalidRequest as i32,
                        "errgen lsp is initialized already".to_owned(),
                    )));
                }
                Message::Request(request) => {
                    self.check_dirty();
                    let response = self.request(request);
                    self.send(Message::Response(response));
                }
                Message::Notification(notification)
                    if notification.method == note::Exit::METHOD =>
                {
                    return Ok(self.shut_down);
                }
                Message::Notification(_) if self.shut_down => {}
                Message::Notification(notification)
                    if notification.method == note::Initialized::METHOD =>
                {
                    if let Some(roots) = self.roots.take() {
                        self.load_projects(roots, true);
                    }
                }
                Message::Notification(notification) => self.notification(notification),
                Message::Response(_) => {}
            }
        }
    }

    /// Asks the client to report changes on disk of errgen.yaml and the
    /// catalogs (`workspace/didChangeWatchedFiles`), when it registers
    /// watchers: a client watches only what it is asked to (its answer is
    /// not waited for). A glob without a base is watched in every
    /// workspace folder, as the client knows them when it registers (some,
    /// as Neovim, look at them only then): after a change of the folders,
    /// the watchers are registered again. An errgen.yaml or catalog outside
    /// every folder (an errgen.yaml above the folder) is watched by name,
    /// when the client takes a base folder: the watchers are registered
    /// again when those files are others.
    fn watch_files(&mut self, folders_changed: bool) {
        let outside = self.state.outside_folders();
        let Some(watching) = self.watching.as_mut() else {
            return;
        };
        let outside = if watching.relative {
            outside
        } else {
            Vec::new()
        };
        let count = watching.registrations;
        if count > 0 && !folders_changed && outside == watching.outside {
            return;
        }
        watching.registrations += 1;
        watching.outside = outside.clone();
        let id = "errgen-files";
        if count > 0 {
            let unregistration = lsp_types::Unregistration {
                id: id.to_owned(),
                method: note::DidChangeWatchedFiles::METHOD.to_owned(),
            };
            self.send(Message::Request(Request::new(
                RequestId::from(format!("{id}-{count}-off")),
                req::UnregisterCapability::METHOD.to_owned(),
                lsp_types::UnregistrationParams {
                    unregisterations: vec![unregistration],
                },
            )));
        }
        let count = count + 1;
        let watchers = ["**/errgen.yaml", "**/*.errors"]
            .map(|glob| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .into_iter()
            .chain(outside.iter().filter_map(|path| {
                let base = path_to_uri(path.parent()?)?;
                let pattern = path.file_name()?.to_str()?.to_owned();
                Some(lsp_types::FileSystemWatcher {
                    glob_pattern: lsp_types::GlobPattern::Relative(lsp_types::RelativePattern {
                        base_uri: OneOf::Right(base),
                        pattern,
                    }),
                    kind: None,
                })
            }))
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp_types::Registration {
            id: id.to_owned(),
            method: note::DidChangeWatchedFiles::METHOD.to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        // The first request's id is as before: "errgen-files".
        let request = if count == 1 {
            id.to_owned()
        } else {
            format!("{id}-{count}")
        };
        self.send(Message::Request(Request::new(
            RequestId::from(request),
            req::RegisterCapability::METHOD.to_owned(),
            lsp_types::RegistrationParams {
                registrations: vec![registration],
            },
        )));
    }

    fn send(&self, message: Message) {
        // A closed connection ends the loop at the next receive.
        let _ = self.connection.sender.send(message);
    }

    /// Checks every set with a changed file, and publishes.
    fn check_dirty(&mut self) {
        for uri in std::mem::take(&mut self.state.renamed) {
            self.send(Message::Notification(Notification::new(
                note::PublishDiagnostics::METHOD.to_owned(),
                PublishDiagnosticsParams::new(uri, Vec::new(), None),
            )));
        }
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort();
        dirty.dedup();
        let mut done = Vec::new();
        for id in dirty {
            if done.contains(&id) {
                continue;
            }
            let set = self.state.set_of(id);
            if set.is_empty() {
                // Closed and no member: its diagnostics go away.
                self.state.clear(id);
                self.publish(id);
                done.push(id);
                continue;
            }
            self.state.check(&set);
            for &file in &set {
                self.publish(file);
            }
            done.extend(set);
        }
        self.state.free_replaced();
    }

    /// Sends a file's diagnostics, unless the client has them already.
    fn publish(&mut self, id: FileId) {
        let diagnostics: Vec<_> = self
            .state
            .file(id)
            .diagnostics
            .iter()
            .map(|d| features::to_lsp(&self.state, d))
            .collect();
        if !self.state.unsent(id, &diagnostics) {
            return;
        }
        let file = self.state.file(id);
        let params = PublishDiagnosticsParams::new(file.uri.clone(), diagnostics, None);
        self.send(Message::Notification(Notification::new(
            note::PublishDiagnostics::METHOD.to_owned(),
            params,
        )));
    }

    /// Makes `folders` the workspace folders and loads the errgen.yaml of
    /// each ([`State::load_projects`]): the files whose diagnostics may
    /// have changed are to check, and the `config` diagnostics of each
    /// invalid errgen.yaml are published (those of one valid now, or no
    /// longer loaded, cleared).
    fn load_projects(&mut self, folders: Vec<PathBuf>, folders_changed: bool) {
        let previous: Vec<PathBuf> = (self.state.project_errors().into_iter())
            .map(|(path, _, _)| path.to_path_buf())
            .collect();
        let touched = self.state.load_projects(folders);
        self.dirty.extend(touched);
        self.watch_files(folders_changed);
        let current = self.state.project_errors();
        for path in previous {
            if current.iter().all(|(now, _, _)| *now != path) {
                if let Some(uri) = path_to_uri(&path) {
                    self.send(Message::Notification(Notification::new(
                        note::PublishDiagnostics::METHOD.to_owned(),
                        PublishDiagnosticsParams::new(uri, Vec::new(), None),
                    )));
                }
            }
        }
        for (path, text, problems) in current {
            let Some(uri) = path_to_uri(path) else {
                continue;
            };
            // On the text the diagnostics were made from, not read again.
            let diagnostics = problems
                .iter()
                .map(|d| features::config_to_lsp(&uri, text, d))
                .collect();
            self.send(Message::Notification(Notification::new(
                note::PublishDiagnostics::METHOD.to_owned(),
                PublishDiagnosticsParams::new(uri, diagnostics, None),
            )));
        }
    }

    fn notification(&mut self, mut notification: Notification) {
        let sent = notification
            .params
            .pointer("/textDocument/uri")
            .map(|uri| uri.as_str().map_or_else(|| uri.to_string(), str::to_owned));
        self.repair_uris(&mut notification.params);
        let sent = sent.as_deref();
        match notification.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Some(p) = self.params::<note::DidOpenTextDocument>(notification, sent) {
                    let id = self.state.edit(&p.text_document.uri, p.text_document.text);
                    self.dirty.push(id);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Some(p) = self.params::<note::DidChangeTextDocument>(notification, sent) {
                    let id = self.state.change(&p.text_document.uri, p.content_changes);
                    self.dirty.push(id);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Some(p) = self.params::<note::DidSaveTextDocument>(notification, sent) {
                    let id = match p.text {
                        Some(text) => self.state.edit(&p.text_document.uri, text),
                        None => match self.state.find(&p.text_document.uri) {
                            Some(id) => id,
                            None => return,
                        },
                    };
                    self.dirty.push(id);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Some(p) = self.params::<note::DidCloseTextDocument>(notification, sent) {
                    if let Some(id) = self.state.close(&p.text_document.uri) {
                        self.dirty.push(id);
                    }
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                if let Some(p) = self.params::<note::DidChangeWatchedFiles>(notification, sent) {
                    self.files_changed(&p.changes);
                }
            }
            note::DidChangeWorkspaceFolders::METHOD => {
                if let Some(p) = self.params::<note::DidChangeWorkspaceFolders>(notification, sent)
                {
                    let paths = |folders: &[lsp_types::WorkspaceFolder]| -> Vec<PathBuf> {
                        (folders.iter())
                            .filter_map(|folder| uri_to_path(&folder.uri))
                            .map(|path| state::canonical(&path))
                            .collect()
                    };
                    let removed = paths(&p.event.removed);
                    let mut folders = self.state.folders.clone();
                    folders.retain(|folder| !removed.contains(folder));
                    folders.extend(paths(&p.event.added));
                    self.load_projects(folders, true);
                }
            }
            _ => {}
        }
    }

    /// The params of a notification the server acts on, or `None` when
    /// they are not the method's: the client's log then says what was
    /// ignored, naming the document as the client `sent` it.
    fn params<N: note::Notification>(
        &self,
        notification: Notification,
        sent: Option<&str>,
    ) -> Option<N::Params> {
        match notification.extract::<N::Params>(N::METHOD) {
            Ok(params) => Some(params),
            Err(ExtractError::JsonError { error, .. }) => {
                let about = sent.map(|uri| format!(" for `{uri}`")).unwrap_or_default();
                let message = format!("errgen lsp ignored `{}`{about}: {error}", N::METHOD);
                self.log(MessageType::WARNING, message);
                None
            }
            Err(ExtractError::MethodMismatch(_)) => None,
        }
    }

    /// Makes each `uri` of `params` that is no URI the URI it means
    /// ([`source_uri::repaired`]); the client's log says so once for each.
    fn repair_uris(&mut self, params: &mut serde_json::Value) {
        for (sent, read) in source_uri::repair_uris(params) {
            if self.repaired.insert(sent.clone()) {
                self.log(MessageType::INFO, repair_note(&sent, &read));
            }
        }
    }

    /// Writes `message` in the client's log (`window/logMessage`).
    fn log(&self, typ: MessageType, message: String) {
        self.send(log(typ, message));
    }

    /// Files changed on disk: the errgen.yaml of each workspace folder is
    /// found and loaded again when one changed (its catalogs may be others
    /// now, or another may apply); a member that is not open is read again.
    fn files_changed(&mut self, changes: &[lsp_types::FileEvent]) {
        let paths: Vec<PathBuf> = changes.iter().filter_map(|c| uri_to_path(&c.uri)).collect();
        if paths.iter().any(|p| state::is_project_file(p)) {
            self.load_projects(self.state.folders.clone(), false);
        }
        for change in changes {
            if let Some(id) = self.state.find(&change.uri) {
                let file = self.state.file(id);
                if file.member.is_some() && !file.open {
                    self.state.reload(id);
                    self.dirty.push(id);
                }
            }
        }
    }

    fn request(&mut self, mut request: Request) -> Response {
        self.repair_uris(&mut request.params);
        let id = request.id.clone();
        match dispatch(&self.state, request) {
            Ok(value) => Response::new_ok(id, value),
            Err(error) => error.response(id),
        }
    }
}

/// Why a request got no answer.
enum Refusal {
    /// A method the server does not serve.
    Unknown(String),
    /// Params that are not what the method takes.
    Params(String),
}

impl Refusal {
    fn response(self, id: RequestId) -> Response {
        match self {
            Refusal::Unknown(method) => Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("errgen lsp does not serve `{method}`"),
            ),
            Refusal::Params(why) => {
                Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, why)
            }
        }
    }
}

/// Answers a request from the state.
fn dispatch(state: &State, request: Request) -> Result<serde_json::Value, Refusal> {
    fn params<R: req::Request>(request: Request) -> Result<R::Params, Refusal> {
        request
            .extract::<R::Params>(R::METHOD)
            .map(|(_, p)| p)
            .map_err(|e| match e {
                ExtractError::MethodMismatch(r) => Refusal::Unknown(r.method),
                ExtractError::JsonError { error, .. } => Refusal::Params(error.to_string()),
            })
    }
    fn json(value: impl serde::Serialize) -> Result<serde_json::Value, Refusal> {
        serde_json::to_value(value).map_err(|e| Refusal::Params(e.to_string()))
    }
    match request.method.as_str() {
        req::HoverRequest::METHOD => json(features::hover(
            state,
            &params::<req::HoverRequest>(request)?.text_document_position_params,
        )),
        req::GotoDefinition::METHOD => json(features::definition(
            state,
            &params::<req::GotoDefinition>(request)?.text_document_position_params,
        )),
        req::DocumentSymbolRequest::METHOD => json(features::symbols(
            state,
            &params::<req::DocumentSymbolRequest>(request)?
                .text_document
                .uri,
        )),
        req::Completion::METHOD => json(features::completion(
            state,
            &params::<req::Completion>(request)?.text_document_position,
        )),
        req::Formatting::METHOD => json(features::formatting(
            state,
            &params::<req::Formatting>(request)?.text_document.uri,
        )),
        req::CodeActionRequest::METHOD => json(features::code_actions(
            state,
            &params::<req::CodeActionRequest>(request)?,
        )),
        method => Err(Refusal::Unknown(method.to_owned())),
    }
}
