/**
 * The fault suite's users: each logs in through an app instance, then calls the API through a random
 * instance in a loop, and every answer is recorded with the phase it fell in (before, during and after
 * the fault), so a scenario can check that no request hung, no token was lost, no user got another's
 * answer and everything recovered.
 */
import { HttpBrowser } from '../../../support/http-browser.js'

/** Longest a request may take, fault or not: over it counts as a hang. */
export const ANSWER_BOUND_MS = 6_000
/** A request still unanswered after this is abandoned and recorded as hung. */
const ABANDON_MS = 20_000

/** The two blueprints of the fault app, one per refresh lock. */
export type LockKind = 'redislock' | 'sqllock'
export type Phase = 'before' | 'fault' | 'settle' | 'after'

/** One request and its answer. */
export interface Answer {
  what: 'api' | 'login' | 'logout'
  user: string
  lock: LockKind
  instance: number
  phase: Phase
  /** HTTP status, or `hung` (abandoned) / `refused` (connection failed: the process is gone). */
  status: number | 'hung' | 'refused'
  ms: number
  body?: { user?: string | null; sub?: string | null; code?: string; revoked?: boolean }
  at: number
}

/** A browser that also sends `x-user` (the user an authenticating gateway vouches for) to the apps. */
class UserBrowser extends HttpBrowser {
  constructor(
    readonly user: string,
    readonly appOrigins: string[],
  ) {
    super()
  }
  override async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input)
    if (!this.appOrigins.includes(url.origin)) return super.fetch(url, init)
    const headers = new Headers(init.headers)
    headers.set('x-user', this.user)
    return super.fetch(url, { ...init, headers, signal: AbortSignal.timeout(ABANDON_MS) })
  }
}

/** A simulated user of one blueprint. */
export interface User {
  name: string
  lock: LockKind
  /** Set once a login succeeded; from then on the user must stay logged in until logged out. */
  loggedIn: boolean
  /** When a logout was first asked for (ms since epoch): from then on the token may be gone. */
  logoutRequestedAt?: number
  /** When a logout answered 2xx (ms since epoch); from then on no instance may serve the token. */
  loggedOutAt?: number
}

/** Drives users against the app instances and records every answer. */
export class Load {
  readonly answers: Answer[] = []
  readonly users: User[] = []
  phase: Phase = 'before'
  #running = false
  #loops: Promise<void>[] = []
  #serial = 0

  constructor(
    readonly origins: string[],
    readonly prefix: string,
  ) {}

  #instance(): number {
    return Math.floor(Math.random() * this.origins.length)
  }

  async #timed(
    base: Pick<Answer, 'what' | 'user' | 'lock' | 'instance'>,
    send: () => Promise<Response>,
  ): Promise<Answer> {
    const started = Date.now()
    const phase = this.phase
    let answer: Answer
    try {
      const response = await send()
      const text = await response.text()
      let body: Answer['body']
      try {
        body = text ? (JSON.parse(text) as Answer['body']) : undefined
      } catch {
        body = undefined
      }
      answer = { ...base, phase, status: response.status, ms: Date.now() - started, body, at: started }
    } catch (error) {
      const hung = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      answer = { ...base, phase, status: hung ? 'hung' : 'refused', ms: Date.now() - started, at: started }
    }
    this.answers.push(answer)
    return answer
  }

  /** Logs a new user in through a random instance; the user joins the load when that succeeds. */
  async login(lock: LockKind): Promise<User> {
    const user: User = { name: `${this.prefix}-${++this.#serial}-${lock}`, lock, loggedIn: false }
    this.users.push(user)
    const instance = this.#instance()
    const origin = this.origins[instance]!
    const browser = new UserBrowser(user.name, this.origins)
    const answer = await this.#timed({ what: 'login', user: user.name, lock, instance }, () =>
      browser.loginWithOidcProvider(`${origin}/login/${lock}`, user.name, origin),
    )
    // The callback redirects to the app's page on success; a failure answers 4xx/5xx.
    if (answer.status === 302) {
      user.loggedIn = true
      if (this.#running) this.#loops.push(this.#loop(user))
    }
    return user
  }

  /** One API call as `user` through `instance` (random by default). */
  call(user: User, instance = this.#instance()): Promise<Answer> {
    const origin = this.origins[instance]!
    return this.#timed({ what: 'api', user: user.name, lock: user.lock, instance }, () =>
      fetch(`${origin}/api/${user.lock}/me`, {
        headers: { 'x-user': user.name },
        signal: AbortSignal.timeout(ABANDON_MS),
      }),
    )
  }

  /** Logs `user` out through a random instance; a 2xx answer marks the user logged out. */
  async logout(user: User): Promise<Answer> {
    const instance = this.#instance()
    user.logoutRequestedAt ??= Date.now()
    const answer = await this.#timed({ what: 'logout', user: user.name, lock: user.lock, instance }, () =>
      fetch(`${this.origins[instance]}/logout/${user.lock}`, {
        method: 'POST',
        headers: { 'x-user': user.name },
        signal: AbortSignal.timeout(ABANDON_MS),
      }),
    )
    if (typeof answer.status === 'number' && answer.status < 300) user.loggedOutAt = Date.now()
    return answer
  }

  /**
   * One loop per instance, each at its own pace: while one instance's request waits on a refresh, the
   * other instance keeps asking for the same user, and races it for the lock, as real traffic does.
   */
  #loop(user: User): Promise<void> {
    const loop = async (instance: number) => {
      while (this.#running) {
        await this.call(user, instance)
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 200))
      }
    }
    return Promise.all(this.origins.map((_, instance) => loop(instance))).then(() => {})
  }

  /** Starts every logged-in user's API loop, and a login every `loginEveryMs`. */
  start(loginEveryMs: number): void {
    this.#running = true
    for (const user of this.users) if (user.loggedIn) this.#loops.push(this.#loop(user))
    const logins = async () => {
      let n = 0
      while (this.#running) {
        await new Promise((resolve) => setTimeout(resolve, loginEveryMs))
        if (this.#running) await this.login(n++ % 2 === 0 ? 'redislock' : 'sqllock')
      }
    }
    this.#loops.push(logins())
  }

  /** Stops the loops and waits for their last requests. */
  async stop(): Promise<void> {
    this.#running = false
    // Loops may add loops (a login joining) while we wait.
    while (this.#loops.length > 0) await Promise.all(this.#loops.splice(0))
  }

  /** Users logged in who have not asked to log out. */
  active(): User[] {
    return this.users.filter((user) => user.loggedIn && user.logoutRequestedAt === undefined)
  }
}
