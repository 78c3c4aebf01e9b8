/**
 * Where a Fastify login's CPU goes, in process and without sockets:
 * `npx tsx bench/fastify-login-parts.ts [rounds]` (`V=ours,oauth2` to pick variants). Each variant is
 * a Fastify app with @fastify/cookie answering `GET /login/bench` through light-my-request; batches of
 * logins run interleaved (order reversed every other round) and each row is the median CPU µs per
 * login. light-my-request's own cost is in every row alike, so read the differences between rows:
 *
 * - `plain`: a synchronous route that sets one cookie and redirects (the floor of any Fastify login);
 * - `plainAls`: the same with an `AsyncLocalStorage` scope opened in onRequest and an async handler;
 * - `fixedResp`: our plugin with the blueprint's route replaced by a fixed RouteRedirect (the adapter's bridge);
 * - `noCreate`: our plugin with the transaction cookie replaced by a fixed string (all but the seal);
 * - `bareSeal`: our plugin with the transaction cookie replaced by the bare seal `kept` makes;
 * - `ours`: our plugin; `oauth2`: @fastify/oauth2 as `bench/targets/other-frameworks.ts` mounts it;
 * - `kept`: `fastify-kept` of bench/targets/floors.ts, the least a login that seals its state and
 *   verifier can do.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import fastifyCookie from '@fastify/cookie'
import Fastify from 'fastify'
import inject from 'light-my-request'
import { dance } from '../src/adapters/fastify.js'
import { RouteRedirect } from '../src/consumer/responses.js'
import { TransactionStore } from '../src/consumer/transaction/transaction.js'
import { MemoryStorage } from '../src/storage/memory.js'
import type { Bench } from './targets/common.js'
import { benchBlueprint } from './targets/express.js'
import { fastifyKept, sealedTransactions } from './targets/floors.js'
import { fastifyTarget } from './targets/other-frameworks.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
const bench = { provider: 'http://127.0.0.1:3001', origin: 'http://127.0.0.1:3000' } as Bench
const als = new AsyncLocalStorage()
// The `noCreate` and `bareSeal` variants swap the transaction cookie out only while their batch runs.
let stubCreate: 'none' | 'fixed' | 'bare' = 'none'
const create = TransactionStore.prototype.create
const bareSeal = sealedTransactions('oauth-dance-tx.0')
TransactionStore.prototype.create = function (this: TransactionStore, ...args: Parameters<typeof create>) {
  if (stubCreate === 'fixed') return ['oauth-dance-tx.0=fixed; Path=/; HttpOnly']
  if (stubCreate === 'none') return create.apply(this, args)
  // What fastify-kept's login does: state and verifier sealed into one cookie, nothing else.
  const [transaction] = args
  const sealed = bareSeal.seal(transaction.key, transaction.verifier ?? '')
  return [`oauth-dance-tx.0=${sealed}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax`]
}

const ours = async (route?: () => Promise<RouteRedirect>) => {
  const app = Fastify()
  await app.register(fastifyCookie)
  const blueprint = benchBlueprint(bench, new MemoryStorage(), false, {
    user: () => 'bench-user',
    regenerateSession: false,
  })
  if (route) Object.assign(blueprint, { answer: route })
  await app.register(dance(blueprint))
  await app.ready()
  return app.routing as unknown as Handler
}
const variants: Record<string, () => Promise<Handler>> = {
  async plain() {
    const app = Fastify()
    await app.register(fastifyCookie)
    app.get('/login/bench', (_request, reply) => {
      reply.header('set-cookie', 'a=b')
      reply.redirect('http://127.0.0.1:3001/authorize?a=b')
    })
    await app.ready()
    return app.routing as unknown as Handler
  },
  async plainAls() {
    const app = Fastify()
    await app.register(fastifyCookie)
    app.addHook('onRequest', (_request, _reply, next) => als.run({}, next))
    app.get('/login/bench', async (_request, reply) => {
      reply.header('set-cookie', 'a=b')
      return reply.redirect('http://127.0.0.1:3001/authorize?a=b')
    })
    await app.ready()
    return app.routing as unknown as Handler
  },
  fixedResp: () => ours(async () => new RouteRedirect('http://127.0.0.1:3001/authorize?a=b', ['a=b'])),
  noCreate: () => ours(),
  bareSeal: () => ours(),
  ours: () => ours(),
  async kept() {
    const target = await fastifyKept(bench, bench.origin, createServer())
    await target.ready?.()
    return target.handler as unknown as Handler
  },
  async oauth2() {
    const target = await fastifyTarget('fastify-oauth2', bench, bench.origin, createServer())
    await target.ready?.()
    return target.handler as unknown as Handler
  },
}

const picked = (process.env.V ?? Object.keys(variants).join(',')).split(',')
const apps: Array<[string, Handler]> = []
for (const name of picked) apps.push([name, await variants[name]!()])
const batch = 2000
const run = async (name: string, handler: Handler) => {
  stubCreate = name === 'noCreate' ? 'fixed' : name === 'bareSeal' ? 'bare' : 'none'
  const start = process.cpuUsage()
  for (let i = 0; i < batch; i++) {
    const answer = await inject(handler, { url: '/login/bench', headers: { host: '127.0.0.1:3000' } }).end()
    if (answer.statusCode !== 302) throw new Error(`${name}: ${answer.statusCode}`)
  }
  const used = process.cpuUsage(start)
  return (used.user + used.system) / batch
}
for (const [name, handler] of apps) await run(name, handler)
const results = new Map(apps.map(([name]) => [name, [] as number[]]))
for (let round = 0; round < Number(process.argv[2] ?? 8); round++)
  for (const [name, handler] of round % 2 ? [...apps].reverse() : apps)
    results.get(name)!.push(await run(name, handler))
for (const [name, xs] of results)
  console.log(`${name.padEnd(10)} ${xs.sort((a, b) => a - b)[xs.length >> 1]!.toFixed(1)} µs per login`)
