/**
 * `DanceError.provider` is set where the error is created, never filled in later: src holds no
 * assignment to it but the constructor's, and errors from the transport, the storage and the callback
 * route reach the `error` hook already naming their blueprint.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DanceError } from '../../src/errors.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import type { TokenStorage } from '../../src/storage/types.js'
import { HttpBrowser } from '../support/http-browser.js'
import { fullLogin, type Rig, startRig } from './harness.js'

/** Code and blueprint of each error the hook got; a wrapper (`ownedBy`) would mean it lacked one at first. */
function seen(rig: Rig): Array<[string, string | undefined]> {
  for (const error of rig.errors) expect(error.cause).not.toBeInstanceOf(DanceError)
  return rig.errors.map((e) => [e.code, e.provider])
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** A port nothing listens on: one the system handed out and was given back. */
/**
 * A port nothing listens on: 1, below the ephemeral range, so no server of a test running beside this
 * one can be handed it (a port freed by closing a listener could be, and then answered: a flake).
 */
const CLOSED_PORT = 1

describe('DanceError.provider is set at construction', () => {
  it('no code in src assigns provider after construction', () => {
    const assignment = /\.provider\s*(\?\?=|\|\|=|&&=|=(?!=))/
    const found = sourceFiles('src').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${file}:${index + 1}`, line: line.trim() }))
        .filter(({ line }) => assignment.test(line)),
    )
    // The constructor's own assignment is the one allowed.
    expect(found.map(({ line }) => line)).toEqual(['this.provider = options.provider'])
    expect(found[0]?.where).toMatch(/src\/errors\.ts:/)
    expect(readFileSync('src/errors.ts', 'utf8')).toMatch(/readonly provider: string \| undefined/)
  })
})

describe('errors reach the error hook naming their blueprint', () => {
  let rig: Rig | undefined
  afterEach(async () => {
    await rig?.close()
    rig = undefined
  })

  it('the transport: an unreachable token endpoint', async () => {
    rig = await startRig({ blueprint: { tokenUrl: `http://127.0.0.1:${CLOSED_PORT}/token` } })
    const response = await fullLogin(rig, new HttpBrowser())
    await response.body?.cancel()
    expect(response.status).toBe(502)
    expect(seen(rig)).toEqual([['provider_unavailable', 'evil']])
  })

  it('the storage: a SqlStorage whose database is closed', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) })
    await migrateTokenTable(db)
    await db.destroy()
    // A signed-in user (`user`), so the write reaches the database rather than stopping at the key.
    rig = await startRig({ blueprint: { user: () => 'alice' } })
    rig.blueprint.storage = new SqlStorage({ db }) as TokenStorage
    const response = await fullLogin(rig, new HttpBrowser())
    await response.body?.cancel()
    expect(seen(rig)).toEqual([['storage_error', 'evil']])
    expect(response.status).toBe(500)
  })

  it('the callback route: a callback without state', async () => {
    rig = await startRig()
    const response = await new HttpBrowser().fetch(`${rig.app.origin}/login/evil/authorized?code=c`)
    await response.body?.cancel()
    expect(response.status).toBe(400)
    expect(seen(rig)).toEqual([['state_missing', 'evil']])
  })

  it("the callback route: a DanceError the app's hook threw without a blueprint is wrapped, code kept", async () => {
    const thrown = new DanceError('user_required', 'No user here.')
    rig = await startRig({
      blueprint: {
        hooks: {
          authorized: () => {
            throw thrown
          },
          error: ({ error }) => {
            rig?.errors.push(error)
          },
        },
      },
    })
    const response = await fullLogin(rig, new HttpBrowser())
    await response.body?.cancel()
    expect(response.status).toBe(401)
    const [error] = rig.errors
    expect(error).toMatchObject({ code: 'user_required', message: 'No user here.', provider: 'evil' })
    expect(error?.cause).toBe(thrown)
    expect(thrown.provider).toBeUndefined()
  })
})
