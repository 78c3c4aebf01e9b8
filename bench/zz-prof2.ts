import { startChild } from './lib/child.js'
const standIn = await startChild('stand-in', 'stand-in.ts', [])
for (const kind of ['fastify-ours', 'fastify-bare', 'express-ours', 'express-hand']) {
  const t = await startChild(kind, 'targets/main.ts', [kind, standIn.origin])
  const { request } = await import('node:http')
  await new Promise<void>((resolve) => {
    request(`${t.origin}${t.info.login}`, (res) => {
      console.log(kind, res.statusCode, JSON.stringify(res.rawHeaders).length, res.rawHeaders.filter((_, i) => i % 2 === 0).join(','))
      res.resume(); res.on('end', resolve)
    }).end()
  })
  await t.stop()
}
await standIn.stop()
