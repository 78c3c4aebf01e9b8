/**
 * The demo's Express app, built from a list of logins: one page that offers each login's link and,
 * once logged in, greets the user with the name the provider's API returned through the
 * request-scoped client. Add a login by writing a {@link DemoLogin} and listing it in `start.ts`.
 *
 * @see https://expressjs.com/en/5x/api.html
 */
import { randomBytes } from 'node:crypto'
import express, { type Express } from 'express'
import session from 'express-session'
import { dance } from '../src/adapters/express.js'
import type { Blueprint } from '../src/consumer/blueprint.js'

/** One way to log in to the demo. */
export interface DemoLogin {
  /** The blueprint; its login route is linked from the page. */
  blueprint: Blueprint
  /** What the link says: `Log in with <label>`. */
  label: string
  /** Runs during a request with a stored token: asks the provider's API who the user is. */
  whoami(): Promise<string>
  /** Stops anything the login started (a stand-in provider...). */
  close?(): Promise<void>
}

/** Options of {@link createDemoApp}. */
export interface DemoAppOptions {
  /** express-session secret; random by default (sessions then end with the process, fine for a demo). */
  sessionSecret?: string
}

/** Builds the demo app: session, the one `dance(...)` line, the home page and a logout per login. */
export function createDemoApp(logins: readonly DemoLogin[], options: DemoAppOptions = {}): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(
    session({
      secret: options.sessionSecret ?? randomBytes(32).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  )
  app.use(dance(...logins.map((login) => login.blueprint)))

  app.get('/', async (_req, res) => {
    const sections: string[] = []
    for (const login of logins) sections.push(await loginSection(login))
    res.type('html').send(page(sections.join('\n')))
  })

  app.post('/logout/:name', async (req, res) => {
    const login = logins.find((l) => l.blueprint.name === req.params.name)
    if (login) await login.blueprint.client.deleteToken()
    res.redirect(303, '/')
  })

  return app
}

async function loginSection(login: DemoLogin): Promise<string> {
  const { name, loginPath } = login.blueprint
  if (!(await login.blueprint.client.authorized())) {
    return `<p><a id="login-${name}" href="${loginPath}">Log in with ${escapeHtml(login.label)}</a></p>`
  }
  let greeting: string
  try {
    greeting = `Hello, ${escapeHtml(await login.whoami())}! You are logged in with ${escapeHtml(login.label)}.`
  } catch (error) {
    // A revoked or expired token: say so and offer the login again rather than failing the page.
    const code = (error as { code?: string }).code ?? 'error'
    greeting = `The ${escapeHtml(login.label)} API refused the stored token (${escapeHtml(code)}). <a href="${loginPath}">Log in again</a>.`
  }
  return `<p id="greeting-${name}">${greeting}</p>
<form method="post" action="/logout/${name}"><button>Log out of ${escapeHtml(login.label)}</button></form>`
}

function page(body: string): string {
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>oauth-dance demo</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">
<h1>oauth-dance demo</h1>
${body}
</body></html>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
