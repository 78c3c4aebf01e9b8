/**
 * The `host` option: a blueprint's two routes answer only requests for the hosts it names (Flask-Dance's
 * `subdomain`); a request for another host is the app's, also through the Express adapter.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dance } from '../../src/adapters/express.js'
import { makeOAuth2Blueprint } from '../../src/consumer/oauth2-blueprint.js'
import { DanceError } from '../../src/errors.js'
import { MemoryStorage } from '../../src/storage/memory.js'
import { startExpressApp, type TestApp } from '../support/express-app.js'
import { testScope } from '../support/scope.js'

function blueprint(host?: string | readonly string[]) {
  return makeOAuth2Blueprint({
    name: 'hosted',
    clientId: 'id',
    clientSecret: 'secret',
    authorizationUrl: 'https://provider.example/authorize',
    tokenUrl: 'https://provider.example/token',
    secret: 'Rk3v9QzL0pX2mW7sT4yB8nC1dF6gH5jK',
    storage: new MemoryStorage({ singleUser: true }),
    ...(host !== undefined && { host }),
    // The routes are pinned to several origins, so a login on any of them builds its callback there.
    publicUrl: ['http://login.example.com', 'http://other.example.com', 'http://LOGIN.example.com:8080'],
  })
}

function routed(host: string | readonly string[] | undefined, url: string) {
  const bp = blueprint(host)
  return bp.route(testScope(new Request(url)))
}

describe('the host option', () => {
  it('answers the login route on the named host, any case, any port', async () => {
    for (const url of [
      'http://login.example.com/login/hosted',
      'http://LOGIN.example.com:8080/login/hosted',
    ]) {
      const response = await routed('login.example.com', url)
      expect(response?.status, url).toBe(302)
      expect(new URL(response!.headers.get('location')!).origin).toBe('https://provider.example')
    }
  })

  it('leaves both routes on another host to the app', () => {
    expect(routed('login.example.com', 'http://other.example.com/login/hosted')).toBeUndefined()
    expect(
      routed('login.example.com', 'http://other.example.com/login/hosted/authorized?state=x'),
    ).toBeUndefined()
  })

  it('takes a list, and a host with a port matches that port only', async () => {
    const list = ['login.example.com:8080', 'other.example.com']
    expect((await routed(list, 'http://other.example.com/login/hosted'))?.status).toBe(302)
    expect((await routed(list, 'http://login.example.com:8080/login/hosted'))?.status).toBe(302)
    expect(routed(list, 'http://login.example.com/login/hosted')).toBeUndefined()
  })

  it('answers every host without the option', async () => {
    expect((await routed(undefined, 'http://other.example.com/login/hosted'))?.status).toBe(302)
  })

  it('refuses a host that is not a bare host name', () => {
    for (const bad of ['https://login.example.com', 'login.example.com/path', '', 'a b', 'user@host', []]) {
      expect(() => blueprint(bad), JSON.stringify(bad)).toThrow(DanceError)
      try {
        blueprint(bad)
      } catch (error) {
        expect((error as DanceError).code).toBe('config_invalid')
      }
    }
  })
})

describe('the host option through Express', () => {
  let app: TestApp

  beforeAll(async () => {
    app = await startExpressApp((express) => {
      express.use(dance(blueprint('login.example.com')))
      express.all('/login/hosted', (_req, res) => void res.status(200).send('the app answered'))
    })
  })
  afterAll(() => app.close())

  function get(host: string): Promise<{ status: number; body: string }> {
    const { port } = new URL(app.origin)
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/login/hosted', headers: { host } },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString()
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.end()
    })
  }

  it('sends the named host to the provider and another host to the app', async () => {
    expect((await get('login.example.com')).status).toBe(302)
    expect(await get('other.example.com')).toEqual({ status: 200, body: 'the app answered' })
  })
})
