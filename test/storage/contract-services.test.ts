/**
 * The storage contract on the real services: SQL on PostgreSQL and MariaDB, Keyv on Redis, and SQL
 * (SQLite) behind a Redis cache. Skipped (saying so) where a service is missing; failing under CI=true.
 */
import { describe } from 'vitest'
import { CacheStorage } from '../../src/storage/cache.js'
import { SqlStorage } from '../../src/storage/sql.js'
import { serviceAvailable } from '../support/services.js'
import { storageContract } from './contract.js'
import { openDatabase, openRedisKeyv } from './databases.js'

const [postgres, mariadb, redis] = await Promise.all([
  serviceAvailable('postgres'),
  serviceAvailable('mariadb'),
  serviceAvailable('redis'),
])

describe.skipIf(!postgres)('PostgreSQL', () => {
  storageContract('SqlStorage on PostgreSQL', async () => {
    const database = await openDatabase('postgres')
    return {
      storage: new SqlStorage({ db: database.db, table: database.table }),
      context: () => ({}),
      close: database.close,
    }
  })
})

describe.skipIf(!mariadb)('MariaDB', () => {
  storageContract('SqlStorage on MariaDB', async () => {
    const database = await openDatabase('mysql')
    return {
      storage: new SqlStorage({ db: database.db, table: database.table }),
      context: () => ({}),
      close: database.close,
    }
  })
})

describe.skipIf(!redis)('Redis', () => {
  storageContract('CacheStorage on Redis', async () => {
    const redisKeyv = openRedisKeyv()
    return {
      storage: new CacheStorage({ cache: redisKeyv.keyv }),
      context: () => ({}),
      close: redisKeyv.close,
    }
  })

  storageContract('CacheStorage on Redis in front of SqlStorage on SQLite', async () => {
    const redisKeyv = openRedisKeyv()
    const database = await openDatabase('sqlite')
    return {
      storage: new CacheStorage({
        cache: redisKeyv.keyv,
        source: new SqlStorage({ db: database.db, table: database.table }),
      }),
      context: () => ({}),
      close: async () => {
        await redisKeyv.close()
        await database.close()
      },
    }
  })
})
