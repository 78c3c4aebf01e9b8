import { nodeFetch } from '../src/protocol/node-transport.js'
console.log(typeof Request)
const r = nodeFetch('http://127.0.0.1:9/x', { method: 'POST', body: 'a=b', redirect: 'manual' }, { timeoutMs: 1000, maxResponseBytes: 100 })
console.log('type', typeof r)
r?.catch((e: Error) => console.log('err', e.message))
