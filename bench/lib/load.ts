/**
 * Load generation with autocannon on loopback: a login redirect, a login→callback pair (each callback
 * carries the fresh transaction the login just set: its cookies and its state), and an API route.
 * Every answer is checked, so a target that fails fast can never look fast.
 */
import autocannon from 'autocannon'
import { cookieHeader } from './cookies.js'

/** One measurement. */
export interface Measure {
  /** Requests (or, for the callback scenario, login→callback pairs) per second. */
  rps: number
  /** Latency percentiles in milliseconds over every request sent. */
  p50: number
  p99: number
  /** Mean latency in milliseconds. */
  mean: number
  /** Requests that got a wrong answer (status, location) or a socket error. */
  wrong: number
  /** Requests completed. */
  total: number
  /** The target's CPU time per request (or pair) in microseconds, filled in by the caller. */
  cpu?: number
}

type Headers = Record<string, string | string[] | undefined>

function header(headers: Headers, name: string): string[] {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value === undefined ? [] : Array.isArray(value) ? value : [value]
  }
  return []
}

/** The callback path a provider would redirect to after a login answered with `location`. */
export function callbackPathFor(location: string): string {
  const authorize = new URL(location)
  const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '')
  const state = authorize.searchParams.get('state') ?? ''
  return `${redirect.pathname}?code=bench-code&state=${encodeURIComponent(state)}`
}

async function run(options: autocannon.Options, pairs: boolean, wrongOut: { n: number }): Promise<Measure> {
  const result = await autocannon(options)
  const per = pairs ? 2 : 1
  return {
    rps: result.requests.average / per,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    wrong: wrongOut.n + result.errors + result.timeouts,
    total: result.requests.total,
  }
}

/** Common autocannon options. */
export interface LoadOptions {
  seconds: number
  connections: number
}

/** `GET login` must answer 302 to the provider with a state and an S256 challenge. */
export function measureLogin(origin: string, loginPath: string, load: LoadOptions): Promise<Measure> {
  const wrong = { n: 0 }
  return run(
    {
      url: origin,
      connections: load.connections,
      duration: load.seconds,
      requests: [
        {
          method: 'GET',
          path: loginPath,
          onResponse: (status, _body, _context, headers) => {
            const location = header(headers as Headers, 'location')[0] ?? ''
            if (
              status !== 302 ||
              !location.includes('code_challenge_method=S256') ||
              !location.includes('state=')
            )
              wrong.n++
          },
        },
      ],
    },
    false,
    wrong,
  )
}

/** A login then its callback, per loop; the callback must redirect home (not to a failure page). */
export function measureCallback(origin: string, loginPath: string, load: LoadOptions): Promise<Measure> {
  const wrong = { n: 0 }
  type Context = { cookie?: string; next?: string }
  return run(
    {
      url: origin,
      connections: load.connections,
      duration: load.seconds,
      requests: [
        {
          method: 'GET',
          path: loginPath,
          onResponse: (status, _body, context, headers) => {
            const ctx = context as Context
            const location = header(headers as Headers, 'location')[0]
            if (status !== 302 || !location) {
              wrong.n++
              ctx.next = '/missing-login'
              return
            }
            ctx.cookie = cookieHeader(header(headers as Headers, 'set-cookie'))
            ctx.next = callbackPathFor(location)
          },
        },
        {
          method: 'GET',
          setupRequest: (request, context) => {
            const ctx = context as Context
            return { ...request, path: ctx.next ?? '/missing-login', headers: { cookie: ctx.cookie ?? '' } }
          },
          onResponse: (status, _body, _context, headers) => {
            const location = header(headers as Headers, 'location')[0] ?? ''
            if (status !== 302 || !(location === '/' || location.endsWith('/'))) wrong.n++
          },
        },
      ],
    },
    true,
    wrong,
  )
}

/** `GET /api` with a seeded session cookie must answer 200 with the stand-in's user. */
export function measureApi(origin: string, cookie: string, load: LoadOptions): Promise<Measure> {
  const wrong = { n: 0 }
  return run(
    {
      url: `${origin}/api`,
      connections: load.connections,
      duration: load.seconds,
      headers: { cookie },
      requests: [
        {
          method: 'GET',
          path: '/api',
          onResponse: (status, body) => {
            if (status !== 200 || !body.includes('"login":"bench"')) wrong.n++
          },
        },
      ],
    },
    false,
    wrong,
  )
}

/** The median of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
