/**
 * The back-channel client on runtimes other than Node (workerd, Deno, Bun, browsers): package.json
 * `imports` maps `#back-channel` here for their conditions. undici's `request` is built on `node:net`,
 * which workerd lacks, and Deno and Bun answer `fetch` natively without Node 20's per-request cost, so
 * this client declines every request and `makeTransport` (http.ts) sends it through the global `fetch`,
 * with the same timeout, size cap and no-redirect rules.
 */
import type { NodeRequestLimits } from './node-transport.js'

/** The global `fetch` takes no CA: a blueprint with `tls` refuses to start here. */
export const TLS_OPTIONS_SUPPORTED = false

/** The `#back-channel` client of runtimes other than Node: declines every request, so the global `fetch` answers. */
export function backChannelFetch(
  _input: string | URL | Request,
  _init: RequestInit | undefined,
  _limits: NodeRequestLimits,
  _provider: string | undefined,
): Promise<Response> | undefined {
  return undefined
}

/** API calls here go through the runtime's own `fetch`: no sender of our own. */
export function apiSender(_tls: unknown): undefined {
  return undefined
}

/** This runtime's `fetch` takes no dispatcher: API calls keep their deadline's signal. */
export function dispatchDeadline(): undefined {
  return undefined
}

/** Never called here: a blueprint with `tls` refuses to start on this runtime. */
export function fetchWithTls(
  _tls: unknown,
): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  throw new Error('TLS options need the Node back channel.')
}
