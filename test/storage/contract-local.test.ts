import Keyv from 'keyv'
import { CamelCasePlugin } from 'kysely'
import type { SessionPort } from '../../src/context.js'
import { CacheStorage } from '../../src/storage/cache.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { SessionStorage } from '../../src/storage/session.js'
import { SqlStorage } from '../../src/storage/sql.js'
import { storageContract } from './contract.js'
import { openDatabase } from './databases.js'

function mapSession(): SessionPort {
  const data = new Map<string, unknown>()
  return { get: (k) => data.get(k), set: (k, v) => void data.set(k, v), delete: (k) => void data.delete(k) }
}

storageContract('MemoryStorage', async () => ({ storage: new MemoryStorage(), context: () => ({}) }))

storageContract('SessionStorage', async () => {
  // The session belongs to one browser: each user gets their own, as in a real app.
  const sessions = new Map<string, SessionPort>()
  return {
    storage: new SessionStorage(),
    context: (userId = '') => {
      let session = sessions.get(userId)
      if (!session) {
        session = mapSession()
        sessions.set(userId, session)
      }
      return { session }
    },
  }
})

storageContract('SqlStorage on SQLite', async () => {
  const database = await openDatabase('sqlite')
  return {
    storage: new SqlStorage({ db: database.db, table: database.table }),
    context: () => ({}),
    close: database.close,
  }
})

storageContract('CacheStorage on an in-memory Keyv', async () => ({
  storage: new CacheStorage({ cache: new Keyv() }),
  context: () => ({}),
}))

storageContract('CacheStorage (in-memory Keyv) in front of SqlStorage on SQLite', async () => {
  const database = await openDatabase('sqlite')
  return {
    storage: new CacheStorage({
      cache: new Keyv(),
      source: new SqlStorage({ db: database.db, table: database.table }),
    }),
    context: () => ({}),
    close: database.close,
  }
})

storageContract('SqlStorage on SQLite through a Kysely instance with CamelCasePlugin', async () => {
  const database = await openDatabase('sqlite')
  // The app's plugins rename columns in results; the storage must not be affected by them.
  const camel = database.db.withPlugin(new CamelCasePlugin())
  const storage = new SqlStorage({ db: camel, table: database.table })
  return { storage, context: () => ({}), close: database.close }
})
