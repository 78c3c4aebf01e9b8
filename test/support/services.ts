/**
 * Which real services (PostgreSQL, MariaDB, Redis) this machine has. Service-backed tests call
 * `serviceAvailable` at module load and `describe.skipIf(!available)`; under CI=true a missing service
 * throws instead, so CI can never pass by skipping them.
 */
import { Socket } from 'node:net'

/** The services our tests use, with the addresses this kind of machine provides. */
export const SERVICES = {
  postgres: { host: '127.0.0.1', port: 5432, url: 'postgres://postgres@127.0.0.1:5432/test' },
  mariadb: { host: '127.0.0.1', port: 3306, url: 'mysql://root@127.0.0.1:3306/test' },
  redis: { host: '127.0.0.1', port: 6379, url: 'redis://127.0.0.1:6379' },
} as const

export type ServiceName = keyof typeof SERVICES

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, host, () => done(true))
  })
}

/**
 * True when the service accepts connections. Under CI=true, throws when it does not; elsewhere prints
 * that the tests needing it are skipped.
 */
export async function serviceAvailable(name: ServiceName): Promise<boolean> {
  const { host, port } = SERVICES[name]
  const ok = await canConnect(host, port)
  if (!ok && process.env.CI === 'true') {
    throw new Error(
      `${name} is required under CI=true but ${host}:${port} is unreachable (see .ci/services).`,
    )
  }
  if (!ok) console.warn(`[tests] ${name} at ${host}:${port} is unreachable: skipping the tests that need it.`)
  return ok
}
