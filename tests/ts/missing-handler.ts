// Switch tables that lack handlers: tsc must reject every call, say that a
// handler or `default` is missing and name the missing codes, in small
// catalogs and in one of 1,000 codes (tests/generate_ts.rs).

import * as k12 from "./k12.js";
import * as pipelines from "./pipelines.js";
import * as large from "./large.js";

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

declare const allButLast: Omit<large.Handlers<string>, "LARGE_0999">;

export function almost(error: large.CatalogError): string {
  // No handler for LARGE_0999.
  return large.handleError(error, allButLast);
}

export function first(error: large.CatalogError): string {
  // Handlers for LARGE_0000 only.
  return large.handleError(error, {
    LARGE_0000: (e) => `first ${e.params.name}`,
  });
}
