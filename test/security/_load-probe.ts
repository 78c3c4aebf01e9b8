import { readFileSync } from 'node:fs'
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, startRig } from './harness.js'
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const rig = await startRig({ sessionStorage: true, blueprint: { timeoutMs: 10_000, logger: false } })
rig.app.app.get('/token-owner', async (_req, res) => {
  const token = await rig.blueprint.client.token()
  res.json({ user: rig.evil.issued.get(String(token?.access_token)) })
})
const browsers = Array.from({ length: 100 }, () => new HttpBrowser())
async function counts(): Promise<Map<string, [number, number]>> {
  rig.evil.requests.length = 0; rig.evil.issued.clear(); rig.evil.secrets.clear(); rig.app.server.closeIdleConnections(); rig.evil.closeIdleConnections(); await new Promise((r) => setTimeout(r, 300)); for (let i = 0; i < 4; i++) gc()
  const file = writeHeapSnapshot('/tmp/load/snap.heapsnapshot')
  const snap = JSON.parse(readFileSync(file, 'utf8'))
  const f = snap.snapshot.meta.node_fields as string[]
  const types = snap.snapshot.meta.node_types[0] as string[]
  const n = f.length, ti = f.indexOf('type'), ni = f.indexOf('name'), si = f.indexOf('self_size')
  const m = new Map<string, [number, number]>()
  for (let i = 0; i < snap.nodes.length; i += n) {
    const key = `${types[snap.nodes[i + ti]]}:${String(snap.strings[snap.nodes[i + ni]]).slice(0, 60)}`
    const e = m.get(key) ?? [0, 0]; e[0]++; e[1] += snap.nodes[i + si]; m.set(key, e)
  }
  console.log('heap', (process.memoryUsage().heapUsed / 1024).toFixed(0))
  return m
}
const round = async (k: number) => Promise.all(browsers.map(async (b, i) => { for (let r = 0; r < 3; r++) { const res = await fullLogin(rig, b, `u${i}-${k}-${r}`); await res.body?.cancel(); await (await b.fetch(`${rig.app.origin}/token-owner`)).text() } }))
await round(0)
const a = await counts()
await round(1); await round(2)
const b = await counts()
const diff = [...b].map(([k, [c, s]]) => [k, c - (a.get(k)?.[0] ?? 0), s - (a.get(k)?.[1] ?? 0)] as const).sort((x, y) => y[2] - x[2]).slice(0, 25)
for (const d of diff) console.log(d.join('\t'))
await rig.close()
