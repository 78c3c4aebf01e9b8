import express, { type NextFunction, type Request, type Response } from 'express'
import session from 'express-session'
import { isDanceError } from 'oauth-dance'
import { authorizationRequired, dance, reauthRedirect } from 'oauth-dance/express'
import { type GithubBlueprintOptions, github, makeGithubBlueprint } from 'oauth-dance/providers/github'

/** The app. Production calls `makeApp()` (credentials from the environment); tests pass a stand-in's options. */
export function makeApp(options: GithubBlueprintOptions = {}): express.Express {
  const app = express()
  app.use(session({ secret: process.env.SESSION_SECRET ?? 'dev', resave: false, saveUninitialized: false }))
  app.use(dance(makeGithubBlueprint(options))) // /login/github and its callback

  app.get('/profile', authorizationRequired(github), async (_req, res) => {
    const answer = await github.get('/user')
    if (!answer.ok) {
      res.status(502).json({ error: 'github_unavailable' })
      return
    }
    const { login, name } = (await answer.json()) as { login: string; name: string | null }
    res.json({ login, name })
  })

  app.use(reauthRedirect()) // the refresh token was refused: back to /login/github?next=...
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // api_unauthorized: GitHub refused even a freshly refreshed token (the user revoked the app).
    if (isDanceError(error)) res.status(error.status).json({ error: error.code })
    else res.status(500).json({ error: 'internal_error' })
  })
  return app
}
