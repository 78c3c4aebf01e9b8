/**
 * Memory after many completed logins, in its own process (run with `--expose-gc`): login → callback
 * through the blueprint's own handler, each with a fresh session, the code exchanged at the stand-in's
 * token endpoint (`memory.ts <first> <total> <provider-origin>`) over the default back channel.
 * Reports RSS and heap after `first` and after `total` completed logins, after full collections.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { makeOAuth2Blueprint } from '../src/consumer/oauth2-blueprint.js'
import type { SessionPort } from '../src/context.js'
import { type RequestScope, runInScope } from '../src/context.js'
import { cookieHeader } from './lib/cookies.js'

const [firstArg, totalArg, provider = ''] = process.argv.slice(2)
const first = Number(firstArg ?? 1_000)
const total = Number(totalArg ?? 100_000)
const blueprint = makeOAuth2Blueprint({
  name: 'bench',
  clientId: 'bench-client',
  clientSecret: 'bench-client-secret',
  scope: ['read'],
  authorizationUrl: `${provider}/authorize`,
  tokenUrl: `${provider}/token`,
  // The default back channel (keep-alive node:http) to the stand-in's instant token endpoint.
  allowInsecureRequests: true,
  publicUrl: 'http://127.0.0.1:3000',
})
const blueprints = new Map([['bench', blueprint]])

function scopeFor(request: Request, session: SessionPort): RequestScope {
  return { request: () => request, session, native: undefined, blueprints, memo: new Map() }
}

async function completeOneLogin(): Promise<void> {
  const data = new Map<string, unknown>()
  const session: SessionPort = {
    get: (key) => data.get(key),
    set: (key, value) => void data.set(key, value),
    delete: (key) => void data.delete(key),
  }
  const login = scopeFor(new Request('http://127.0.0.1:3000/login/bench'), session)
  const started = await runInScope(login, () => blueprint.route(login))
  const location = started?.headers.get('location')
  if (started?.status !== 302 || !location) throw new Error('login did not redirect')
  const state = new URL(location).searchParams.get('state') ?? ''
  const callback = scopeFor(
    new Request(`http://127.0.0.1:3000/login/bench/authorized?code=c&state=${state}`, {
      headers: { cookie: cookieHeader(started.headers.getSetCookie()) },
    }),
    session,
  )
  const finished = await runInScope(callback, () => blueprint.route(callback))
  if (finished?.status !== 302 || finished.headers.get('location') !== '/') {
    throw new Error(`callback failed: ${finished?.status} ${await finished?.text()}`)
  }
  if (!data.has('oauth-dance:bench')) throw new Error('no token stored')
}

async function settle() {
  const gc = (globalThis as { gc?: () => void }).gc
  for (let i = 0; i < 4; i++) {
    gc?.()
    await sleep(50)
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage()
  return { rss, heapUsed, heapTotal, external }
}

let done = 0
while (done < first) {
  await completeOneLogin()
  done++
}
const atFirst = await settle()
const started = performance.now()
while (done < total) {
  await completeOneLogin()
  done++
}
const seconds = (performance.now() - started) / 1000
const atTotal = await settle()
const report = { ready: true, port: 0, first, total, atFirst, atTotal, seconds }
if (process.send) process.send(report)
else console.log(JSON.stringify(report))
process.on('disconnect', () => process.exit(0))
