import express from 'express'
import session from 'express-session'
import { dance } from 'oauth-dance/express'
import { github, makeGithubBlueprint } from 'oauth-dance/providers/github'

const app = express()
app.set('trust proxy', 1) // what the seed did with werkzeug's ProxyFix: trust one reverse proxy
app.use(session({ secret: 'supersekrit', resave: false, saveUninitialized: false }))
const blueprint = makeGithubBlueprint({ clientId: 'my-key-here', clientSecret: 'my-secret-here' })
app.use(dance(blueprint)) // adds /login/github and its callback, /login/github/authorized

app.get('/', async (_req, res) => {
  if (!(await github.authorized())) return res.redirect('/login/github')
  const resp = await github.get('/user')
  if (!resp.ok) throw new Error(`GitHub answered ${resp.status}`)
  const { login } = (await resp.json()) as { login: string }
  res.send(`You are @${login} on GitHub`)
})

// Flask's default address. Register http://127.0.0.1:5000/login/github/authorized as the callback URL.
export const server = app.listen(Number(process.env.PORT ?? 5000), '127.0.0.1')
