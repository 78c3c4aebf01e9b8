/**
 * Disposable PostgreSQL and Redis servers that the fault suite may stop, restart and break: started on
 * free ports in a temporary directory, never the machine's shared instances.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from '../../../support/free-port.js'

export { freePort }

const run = promisify(execFile)

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Sends one Redis command (RESP) on a fresh connection and returns the first reply line. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`redis ${args[0]}: no answer`))
    }, 2_000)
    let reply = ''
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8')
      if (reply.includes('\r\n')) {
        clearTimeout(timer)
        socket.end()
        resolve(reply.slice(0, reply.indexOf('\r\n')))
      }
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`)
    socket.write(`*${args.length}\r\n${parts.join('')}`)
  })
}

/** A redis-server of our own: no persistence, so a restart loses every key (as a failover can). */
export interface DisposableRedis {
  readonly port: number
  /** When the server last started (ms since the epoch). */
  readonly startedAt: number
  /** Kills the server (SIGKILL, as a crash). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
  close(): Promise<void>
}

/** Starts `redis-server` on a free port. */
export async function startDisposableRedis(): Promise<DisposableRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const handle = { startedAt: 0 }
  const start = async () => {
    handle.startedAt = Date.now()
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    await waitFor('redis-server', () =>
      redisCommand(port, 'PING').then(
        (r) => r === '+PONG',
        () => false,
      ),
    )
  }
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }
  await start()
  return Object.assign(handle, { port, start, stop, close: stop })
}

/** The directory of PostgreSQL's server binaries (`/usr/lib/postgresql/<version>/bin`), if installed. */
export function postgresBinaries(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => join(base, v, 'bin')).find((dir) => existsSync(join(dir, 'initdb')))
}

/** A PostgreSQL cluster of our own, in a temporary directory. */
export interface DisposablePostgres {
  readonly port: number
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string
  /** Stops the server (fast shutdown: connections are closed). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Ends every connection whose application_name is `applicationName`; returns how many. */
  terminate(applicationName: string): Promise<number>
  close(): Promise<void>
}

/**
 * initdb + pg_ctl into a temporary directory on a free port. PostgreSQL refuses to run as root, so
 * under root the binaries run as the `postgres` user (runuser).
 */
export async function startDisposablePostgres(bin: string): Promise<DisposablePostgres> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-faults-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const uid = Number(stdout.trim())
    chownSync(dir, uid, uid)
    chmodSync(dir, 0o700)
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args)
  const data = join(dir, 'data')
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  const start = async () => {
    await pgRun('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', 'start'])
  }
  const stop = async () => {
    await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  }
  await start()
  return {
    port,
    url,
    start,
    stop,
    async terminate(applicationName) {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const result = await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        )
        return result.rowCount ?? 0
      } finally {
        await client.end()
      }
    },
    async close() {
      await pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
