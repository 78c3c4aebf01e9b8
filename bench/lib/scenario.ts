/**
 * The load of one scenario against one running target, as the single-target tools (`profile.ts`,
 * `perf.ts`, `head-to-head.ts`) run it: logins, login→callback pairs, or API calls with the session a
 * `/bench/seed` request made.
 */
import type { Child } from './child.js'
import { cookieHeader } from './cookies.js'
import { type LoadOptions, type Measure, measureApi, measureCallback, measureLogin } from './load.js'

/** Runs `scenario` against `child` (seeding its session first for `api`). */
export async function scenarioLoad(
  child: Child,
  scenario: string,
): Promise<(load: LoadOptions) => Promise<Measure>> {
  const login = String(child.info.login)
  if (scenario === 'login') return (load) => measureLogin(child.origin, login, load)
  if (scenario === 'callback') return (load) => measureCallback(child.origin, login, load)
  if (scenario !== 'api') throw new Error(`unknown scenario ${scenario} (login, callback or api)`)
  const seeded = await fetch(`${child.origin}/bench/seed`)
  if (seeded.status !== 200) throw new Error(`${child.name}: seeding answered ${seeded.status}`)
  const cookie = cookieHeader(seeded.headers.getSetCookie())
  return (load) => measureApi(child.origin, cookie, load)
}
