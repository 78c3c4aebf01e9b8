/**
 * Test users: a login name is all a test gives; the rest (subject, name, email) is derived so that the
 * same name always yields the same user, across runs and stand-ins.
 */
import { createHash } from 'node:crypto'
import type { StandInUser } from './types.js'

/** A test user with every field filled. */
export interface ResolvedUser {
  readonly login: string
  readonly sub: string
  readonly name: string
  readonly email: string
  /** A stable number, for providers whose ids are numeric (GitHub). */
  readonly numericId: number
  readonly claims: Readonly<Record<string, unknown>>
}

/** Fills a user's defaults from its login name. */
export function resolveUser(user: StandInUser): ResolvedUser {
  const digest = createHash('sha256').update(user.login).digest()
  return {
    login: user.login,
    sub: user.sub ?? `user-${digest.subarray(0, 8).toString('hex')}`,
    name: user.name ?? user.login.charAt(0).toUpperCase() + user.login.slice(1),
    email: user.email ?? `${user.login}@example.test`,
    numericId: digest.readUInt32BE(0) % 100_000_000,
    claims: user.claims ?? {},
  }
}

/** The users a stand-in knows; unknown login names are welcome and get the defaults. */
export class UserDirectory {
  readonly #users = new Map<string, ResolvedUser>()

  constructor(users: readonly StandInUser[] = []) {
    for (const user of users) this.#users.set(user.login, resolveUser(user))
  }

  /** The user with this login name, created with defaults on first use. */
  get(login: string): ResolvedUser {
    let user = this.#users.get(login)
    if (!user) {
      user = resolveUser({ login })
      this.#users.set(login, user)
    }
    return user
  }

  /** Logins already known (for the approval page). */
  logins(): string[] {
    return [...this.#users.keys()]
  }
}
