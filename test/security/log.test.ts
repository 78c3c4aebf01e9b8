/**
 * The debug logger keeps only its known fields: URLs lose query, fragment and userinfo; parameters are
 * names only; anything else a caller passes is dropped. Off unless asked for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLog, formatRecord, type LogFields, type LogRecord } from '../../src/log.js'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('createLog', () => {
  it('cuts URLs to origin and path and keeps parameter names only', () => {
    const records: LogRecord[] = []
    const log = createLog('github', (r) => records.push(r))
    log('http.request', {
      method: 'POST',
      url: 'https://user:pass@example.com/token?code=SECRET-CODE#access_token=SECRET-AT',
      params: ['code', 'state', 'code', 'bad name\n=x'],
    })
    expect(records).toEqual([
      {
        event: 'http.request',
        provider: 'github',
        method: 'POST',
        url: 'https://example.com/token',
        params: ['code', 'state', '?'],
      },
    ])
    expect(formatRecord(records[0]!)).toBe(
      '[oauth-dance] github http.request method=POST url=https://example.com/token params=code,state,?',
    )
  })

  it('drops fields it does not know, whatever a caller smuggles in', () => {
    const records: LogRecord[] = []
    const log = createLog('github', (r) => records.push(r))
    const smuggled = { status: 200, token: 'SECRET-AT', message: 'SECRET', method: 'GET /x?t=SECRET' }
    log('api.response', smuggled as unknown as LogFields)
    expect(JSON.stringify(records)).not.toContain('SECRET')
    expect(records[0]).toEqual({ event: 'api.response', provider: 'github', status: 200, method: '?' })
  })

  it('decides once per route request: the environment at its start holds for all its steps', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const blueprintLog = createLog('github', undefined)
    const quiet = blueprintLog.forRequest()
    vi.stubEnv('OAUTH_DANCE_DEBUG', '1')
    quiet('callback.token')
    expect(debug).not.toHaveBeenCalled()
    const loud = blueprintLog.forRequest()
    vi.stubEnv('OAUTH_DANCE_DEBUG', '0')
    loud('callback.token')
    expect(debug).toHaveBeenCalledWith('[oauth-dance] github callback.token')
    const records: LogRecord[] = []
    createLog('github', (record) => records.push(record)).forRequest()('login.start')
    expect(records).toEqual([{ event: 'login.start', provider: 'github' }])
  })

  it('is silent by default, and OAUTH_DANCE_DEBUG=1 turns it on without code changes', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    const log = createLog('github', undefined)
    log('login.start')
    expect(debug).not.toHaveBeenCalled()
    vi.stubEnv('OAUTH_DANCE_DEBUG', '1')
    log('login.start')
    expect(debug).toHaveBeenCalledWith('[oauth-dance] github login.start')
    createLog('github', false)('login.start')
    expect(debug).toHaveBeenCalledTimes(1)
  })
})
