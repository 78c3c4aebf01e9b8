/**
 * An Express 5 app written as the README tells an Express user to (express-session first, then
 * `dance(...)`, then the routes), on node:http as the runtime provides it. Its own sign-in puts the
 * user id in the session; the `user` resolver reads it. `GET /api` calls both providers' APIs through
 * the request-scoped clients.
 */
import express, { type ErrorRequestHandler } from 'express'
import session from 'express-session'
import { dance } from 'oauth-dance/express'
import { announce, callApis, makeBlueprints, makeStorage, port } from './login-setup.js'

const { storage } = await makeStorage()
const blueprints = makeBlueprints(storage, ({ session }) => session?.get('userId') as string | undefined, [
  'userId',
])

const app = express()
app.use(session({ secret: 'runtime-e2e-session-secret', resave: false, saveUninitialized: false }))
app.use(dance(...blueprints))
app.get('/signin', (req, res) => {
  ;(req.session as unknown as Record<string, unknown>).userId = String(req.query.uid ?? '')
  res.type('text').send('signed in')
})
app.get('/api', async (_req, res) => {
  res.json(await callApis())
})
const onError: ErrorRequestHandler = (error, _req, res, _next) => {
  console.error(error)
  res.status(500).json({ error: String(error.code ?? error.message) })
}
app.use(onError)

app.listen(port, '127.0.0.1', announce)
