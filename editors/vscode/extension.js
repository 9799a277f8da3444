// @ts-check
// The errgen extension: `.errors` files are the language `errgen`, served by
// `errgen lsp` (diagnostics while typing, quick fixes, hover, go to
// definition, symbols, completion, formatting). Highlighting is the TextMate
// grammar in syntaxes/; errgen.yaml is checked against the project's JSON
// Schema (package.json, `yamlValidation`).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/**
 * A client for `errgen lsp` over stdio, the command as the setting
 * `errgen.path` names it.
 * @returns {LanguageClient}
 */
function createClient() {
  const command = vscode.workspace.getConfiguration("errgen").get("path", "errgen");
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const options = {
    documentSelector: [
      { scheme: "file", language: "errgen" },
      { scheme: "untitled", language: "errgen" },
    ],
    // Changes of errgen.yaml and the catalogs on disk: the server asks for
    // them itself (a watcher registered at start, and again when workspace
    // folders change), as of any client. Each workspace folder of a
    // multi-root workspace has its errgen.yaml (the client reports the
    // folders and their changes by itself).
  };
  return new LanguageClient("errgen", "errgen", server, options);
}

/**
 * Starts the client, or says why it could not (most often: no `errgen` on
 * PATH).
 * @returns {Promise<void>}
 */
async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const command = vscode.workspace.getConfiguration("errgen").get("path", "errgen");
    void vscode.window.showErrorMessage(
      `errgen: could not start \`${command} lsp\` (${error instanceof Error ? error.message : String(error)}). ` +
        "Install errgen (`cargo install --path . --locked` in its checkout) or set `errgen.path`.",
    );
  }
}

/**
 * @param {vscode.ExtensionContext} context
 * @returns {Promise<void>}
 */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("errgen.restartServer", async () => {
      await client?.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("errgen.path")) {
        await client?.stop();
        await start();
      }
    }),
  );
  await start();
}

/** @returns {Promise<void> | undefined} */
function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
