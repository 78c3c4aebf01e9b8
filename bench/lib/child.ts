/**
 * Starts a benchmark process (a target app or the provider stand-in) and waits for the `{ ready, port }`
 * message it sends once listening. A `.ts` script runs through tsx; a `.js` one (a target compiled by
 * bench/lib/build.ts) runs under plain `node`, so none of its code goes through tsx's transform. Every target runs in the same layout: one process,
 * one HTTP server on 127.0.0.1, port 0.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { isAbsolute } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A running child process. */
export interface Child {
  name: string
  origin: string
  /** Extra facts the child reported (login path...). */
  info: Record<string, unknown>
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Forks `script` (relative to bench/, or absolute) with `args`, resolving once it reports its port. `execPath` runs
 * it under another `node` binary (a Node line of scripts/node-line.ts); by default, this process's.
 */
export function startChild(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string> = {},
  execArgv: string[] = [],
  timeoutMs = 60_000,
  execPath?: string,
): Promise<Child> {
  const file = isAbsolute(script) ? script : fileURLToPath(new URL(`../${script}`, import.meta.url))
  const child = fork(file, args, {
    ...(execPath !== undefined && { execPath }),
    execArgv: file.endsWith('.ts') ? ['--import', 'tsx', ...execArgv] : execArgv,
    env: {
      ...process.env,
      // Not production: the library refuses `allowInsecureRequests` (the targets' plain-http stand-in)
      // when NODE_ENV says production (f2eb425). Our code does nothing else differently under it; of the
      // peers, Express only caches views and hides stacks from its error page in production.
      NODE_ENV: 'development',
      // Strong enough for the production rule (docs/security.md §1); bench only.
      OAUTH_DANCE_SECRET: 'bnch-Kq7Zx2Vr9Lm4Wt8Ny3Hd6Gp1Fs5Jc0',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`${name} did not report in ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)))
    child.on('message', (message: { ready?: boolean; port?: number; [key: string]: unknown }) => {
      if (!message.ready) return
      clearTimeout(timer)
      resolve({
        name,
        origin: `http://127.0.0.1:${message.port}`,
        info: message,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}

/** Asks a child for a one-off answer over IPC (e.g. its memory after a run). */
export function ask<T>(child: Child, message: Record<string, unknown>): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (answer: { reply?: T }) => {
      if (answer.reply === undefined) return
      child.process.off('message', onMessage)
      resolve(answer.reply)
    }
    child.process.on('message', onMessage)
    child.process.send(message)
  })
}
