// A decoded body may hold a code of a newer server: tsc must reject a
// handler map for it without `default`, even one with every code
// (tests/generate_ts.rs).

import * as k12 from "./k12.js";

export function describe(body: unknown): string {
  return k12.handleError(k12.parse(body), {
    100000: () => "ok",
    100101: () => "key",
    100102: () => "bad value",
    100201: () => "no service",
    100202: () => "start failed",
    100401: () => "no container",
    100402: () => "running",
    100499: () => "internal",
  });
}
