import { startChild } from './lib/child.js'
import { measureLogin } from './lib/load.js'
const kind = process.argv[2] ?? 'fastify-ours'
const standIn = await startChild('stand-in', 'stand-in.ts', [])
const t = await startChild(kind, 'targets/main.ts', [kind, standIn.origin], {}, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof3'])
const r = await measureLogin(t.origin, String(t.info.login), { seconds: 8, connections: 10 })
console.log(kind, r.rps.toFixed(0), r.wrong)
await t.stop(); await standIn.stop()
