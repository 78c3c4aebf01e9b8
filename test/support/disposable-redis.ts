/**
 * A redis-server of our own on a free port, for fault tests that pause, restart or reconfigure Redis
 * (never the machine's shared one on 6379). No persistence: a restart loses every key, as a Redis
 * without AOF does.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { Socket } from 'node:net'
import { freePort } from './free-port.js'

/** A running disposable Redis. */
export interface DisposableRedis {
  port: number
  url: string
  /** SIGSTOP: the socket stays open and accepts, nothing answers. */
  pause(): void
  /** SIGCONT. */
  resume(): void
  /** Kills the server and starts an empty one on the same port. */
  restart(): Promise<void>
  /** Sends one command (inline protocol) and resolves to the raw reply. */
  command(...args: string[]): Promise<string>
  stop(): Promise<void>
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`redis-server on ${port} did not start`)
}

function launch(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  )
}

/** Starts a redis-server on a free port. */
export async function startDisposableRedis(): Promise<DisposableRedis> {
  const port = await freePort()
  let child = launch(port)
  await waitForPort(port)
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGCONT')
    child.kill('SIGKILL')
    await once(child, 'exit')
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    restart: async () => {
      await kill()
      child = launch(port)
      await waitForPort(port)
    },
    command: (...args) =>
      new Promise<string>((resolve, reject) => {
        const socket = new Socket()
        let reply = ''
        socket.setEncoding('utf8')
        socket.on('data', (chunk: string) => {
          reply += chunk
          if (reply.endsWith('\r\n')) {
            socket.destroy()
            resolve(reply.trim())
          }
        })
        socket.once('error', reject)
        socket.connect(port, '127.0.0.1', () => {
          const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`)
          socket.write(`*${args.length}\r\n${parts.join('')}`)
        })
      }),
    stop: kill,
  }
}
