import { createServer } from 'node:http'
import { fastifyTarget } from './targets/other-frameworks.js'
const bench = { provider: 'http://127.0.0.1:9', token: { access_token: 'x' } }
for (const kind of ['fastify-ours', 'fastify-ours', 'fastify-ours']) {
  const server = createServer()
  const t = await fastifyTarget(kind, bench, 'http://127.0.0.1:1', server)
  await t.ready?.()
  // Drive the Node listener with fake req/res through inject-like light mocks is complex; use fastify inject.
  const app = (t as unknown as { app?: unknown }).app
  void app
  const { default: Fastify } = await import('fastify')
  void Fastify
  const c = process.cpuUsage()
  const n = 3000
  const { inject } = await import('light-my-request')
  for (let i = 0; i < n; i++) await inject(t.handler as never, { url: '/login/bench', headers: { host: '127.0.0.1:1' } })
  const d = process.cpuUsage(c)
  console.log(kind, ((d.user + d.system) / n).toFixed(1), 'µs/req')
}
