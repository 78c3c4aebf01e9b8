import express from 'express'
import session from 'express-session'
import { makeOAuth2Blueprint, scopedClient } from 'oauth-dance'
import { dance } from 'oauth-dance/express'

const blueprint = makeOAuth2Blueprint({
  name: 'acme', // routes /login/acme and /login/acme/authorized; env ACME_OAUTH_CLIENT_ID/SECRET
  authorizationUrl: 'https://id.acme.example/oauth/authorize',
  tokenUrl: 'https://id.acme.example/oauth/token',
  baseUrl: 'https://api.acme.example/v2/',
  scope: ['profile', 'orders:read'],
  issuer: 'https://id.acme.example', // enables the RFC 9207 `iss` check
})
const acme = scopedClient('acme') // or blueprint.client

export const app = express()
app.use(session({ secret: 'change-me', resave: false, saveUninitialized: false }))
app.use(dance(blueprint))
app.get('/orders', async (_req, res) => {
  if (!(await acme.authorized())) return res.redirect('/login/acme?next=/orders')
  const orders = await acme.get('orders', { query: { limit: 10 } })
  res.status(orders.status).json(await orders.json())
})
