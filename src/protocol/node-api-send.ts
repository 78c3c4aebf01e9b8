/**
 * API calls on Node over undici's `request` instead of the global `fetch`. An API call is the route an
 * app runs most, and `fetch` costs more CPU per request than everything the client adds to it (the
 * Request and Response objects, the body's WHATWG stream; bench/NOTES.md, issue 20). Here the answer
 * resolves once its status and headers are in, as with `fetch`, and its body streams: reading it as
 * text or JSON takes the bytes straight from undici's stream (streamed-response.ts).
 *
 * What the app sees is what `fetch` gives it: the same default request headers (`accept`, `user-agent`,
 * `accept-encoding`), bodies decoded from gzip, deflate and br, a standard Response. The request is
 * declined (the caller then uses `fetch`) when the app installed its own global dispatcher (a proxy,
 * say), which is its chosen network path; the blueprint's own `tls` agent is always honoured here.
 */
import { type Dispatcher, request } from 'undici'
import type { ApiHop, ApiSender } from './api-sender.js'
import { agentFor, fetchIsCustomised, mapUndici } from './node-undici.js'
import { NodeStreamResponse } from './streamed-response.js'
import type { BackChannelTls } from './tls.js'

/** The API call sender of a blueprint: through its own TLS agent with `tls`, the shared one without. */
export function apiSender(tls?: BackChannelTls): ApiSender {
  return {
    // A blueprint's own agent is its network path whatever the app did to the global one.
    usable: tls ? () => true : () => !fetchIsCustomised(),
    send: (hop, signal, max, provider) => send(agentFor(tls), hop, signal, max, provider),
  }
}

async function send(
  dispatcher: Dispatcher,
  hop: ApiHop,
  signal: AbortSignal,
  max: number,
  provider: string,
): Promise<Response> {
  const headers: string[] = []
  let accept = false
  let agent = false
  let encoding = false
  let contentType = false
  hop.headers.forEach((value, name) => {
    if (name === 'accept') accept = true
    else if (name === 'user-agent') agent = true
    else if (name === 'accept-encoding') encoding = true
    else if (name === 'content-type') contentType = true
    headers.push(name, value)
  })
  // What `fetch` sends unless the app says otherwise, so an API sees the same request either way;
  // br only over TLS, as `fetch` does.
  if (!accept) headers.push('accept', '*/*')
  if (!agent) headers.push('user-agent', 'node')
  if (!encoding)
    headers.push('accept-encoding', hop.url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate')
  let body: string | Uint8Array | undefined
  const given = hop.body
  if (given === null || given === undefined) body = undefined
  else if (typeof given === 'string') {
    body = given
    if (!contentType) headers.push('content-type', 'text/plain;charset=UTF-8')
  } else if (given instanceof URLSearchParams) {
    body = given.toString()
    if (!contentType) headers.push('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
  } else body = given instanceof ArrayBuffer ? new Uint8Array(given) : given
  if (signal.aborted) throw signal.reason
  let answer: Dispatcher.ResponseData
  try {
    answer = await request(hop.url, {
      dispatcher,
      method: hop.method as Dispatcher.HttpMethod,
      headers,
      body,
      signal,
      // The call's deadline bounds the wait for the answer; reading the body is the app's, at its pace.
      headersTimeout: 0,
      bodyTimeout: 0,
    })
  } catch (error) {
    throw signal.aborted ? signal.reason : mapUndici(error, provider)
  }
  return NodeStreamResponse.from(answer, hop, { max, provider, signal })
}
