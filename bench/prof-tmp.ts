import { startChild } from './lib/child.ts'
import { measureLogin, measureCallback } from './lib/load.ts'
const mode = process.argv[2] ?? 'login'
const standIn = await startChild('stand-in', 'stand-in.ts', [])
const t = await startChild('express-ours', 'targets/main.ts', ['express-ours', standIn.origin], {}, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'])
const r = mode === 'login' ? await measureLogin(t.origin, '/login/bench', { seconds: 8, connections: 10 }) : await measureCallback(t.origin, '/login/bench', { seconds: 8, connections: 10 })
console.log(mode, r.rps.toFixed(0), r.wrong)
await t.stop(); await standIn.stop()
