// A switch table that lacks a handler: tsc must reject both calls and name
// the missing code (tests/generate_ts.rs).

import * as k12 from "./k12.js";
import * as pipelines from "./pipelines.js";

export function describeK12(error: k12.CatalogError): string {
  // No handler for 100201.
  return k12.handleError(error, {
    100000: () => "ok",
    100101: (e) => `key ${e.params.key}`,
    100102: () => "bad value",
    100202: (e) => `start failed: ${e.params.reason}`,
    100401: () => "no container",
    100402: () => "running",
    100499: (e) => `internal: ${e.params.reason}`,
  });
}

export function fix(error: pipelines.CatalogError): string {
  // No handler for PIPELINE_NOT_FOUND.
  return pipelines.handleError(error, {
    PIPELINE_UNKNOWN_INPUT_PARAM: (e) => `rename ${e.params.name}`,
    PIPELINE_NON_ASCII_IN_COMPONENT: (e) => `clean run ${e.params.run}`,
    PIPELINE_CONNECTION_RESET: () => "reconnect",
    PIPELINE_UNAUTHORIZED_NAMESPACE: (e) => `${e.params.user} @ ${e.params.namespace}`,
    PIPELINE_PARAM_TOO_LONG: (e) => `max ${e.params.max_size}`,
    PIPELINE_LOGIN_FAILED: () => "login",
    PIPELINE_QUOTA_REQUIRES_RESOURCES: (e) => `${e.params.quota}/${e.params.resources}`,
    PIPELINE_WHEN_EXPRESSION_QUOTING: (e) => `token ${e.params.token}`,
  });
}
