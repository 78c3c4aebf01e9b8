/**
 * A port for a server a test starts later (a child process, a Redis, an app whose origin a provider
 * must know first). Asking the kernel for one (`listen(0)`) and closing it is racy: the port comes from
 * the ephemeral range, which the kernel hands to the next `listen(0)` or outgoing connection of any
 * test running alongside, and the later bind then fails with EADDRINUSE, or a "closed" port answers.
 * These ports are picked below that range (Linux's default starts at 32768), where the kernel never
 * hands one out by itself, and checked free by binding once.
 */
import { once } from 'node:events'
import { createServer } from 'node:net'

const LOW = 20_000
const HIGH = 32_000

/** A TCP port on 127.0.0.1, free when asked and outside the kernel's ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW))
    const server = createServer()
    server.listen(port, '127.0.0.1')
    const outcome = await Promise.race([
      once(server, 'listening').then(() => true),
      once(server, 'error').then(() => false),
    ])
    if (!outcome) continue
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return port
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 50 tries`)
}
