/**
 * A few API routes of the most used providers, answering plausible JSON for the logged-in test user,
 * so the first test of an app ("the profile page shows my name") needs no route of its own. Paths are
 * the providers' own API paths; the members are the ones apps read most, not the whole documented
 * object. An app adds or replaces routes with the stand-in's `routes` option.
 */
import type { StandInApiRequest, StandInApiRoute } from './types.js'

type User = StandInApiRequest['user']

const numericId = (user: User): number => Number.parseInt(user.sub.replace(/\D/g, '').slice(0, 8) || '1', 10)

/** The built-in routes, by preset id, keyed `'GET /path'`. */
export const BUILTIN_ROUTES: Readonly<Record<string, Readonly<Record<string, StandInApiRoute>>>> = {
  github: {
    'GET /user': ({ user }) => ({
      login: user.login,
      id: numericId(user),
      name: user.name,
      email: user.email,
      avatar_url: `https://avatars.example.test/${user.login}`,
      html_url: `https://github.com/${user.login}`,
      type: 'User',
    }),
    'GET /user/emails': ({ user }) => [
      { email: user.email, primary: true, verified: true, visibility: 'private' },
    ],
  },
  gitlab: {
    'GET /api/v4/user': ({ user }) => ({
      id: numericId(user),
      username: user.login,
      name: user.name,
      email: user.email,
      state: 'active',
    }),
  },
  discord: {
    'GET /api/v10/users/@me': ({ user }) => ({
      id: String(numericId(user)),
      username: user.login,
      global_name: user.name,
      email: user.email,
      verified: true,
    }),
  },
  spotify: {
    'GET /v1/me': ({ user }) => ({
      id: user.login,
      display_name: user.name,
      email: user.email,
      type: 'user',
      uri: `spotify:user:${user.login}`,
    }),
  },
  google: {
    'GET /oauth2/v2/userinfo': ({ user }) => ({
      id: user.sub,
      email: user.email,
      verified_email: true,
      name: user.name,
    }),
  },
  twitch: {
    'GET /helix/users': ({ user }) => ({
      data: [{ id: String(numericId(user)), login: user.login, display_name: user.name, email: user.email }],
    }),
  },
  reddit: {
    'GET /api/v1/me': ({ user }) => ({ id: user.sub, name: user.login }),
  },
  x: {
    'GET /2/users/me': ({ user }) => ({
      data: { id: String(numericId(user)), name: user.name, username: user.login },
    }),
  },
  azure: {
    'GET /v1.0/me': ({ user }) => ({
      id: user.sub,
      displayName: user.name,
      mail: user.email,
      userPrincipalName: user.email,
    }),
  },
  facebook: {
    'GET /me': ({ user }) => ({ id: String(numericId(user)), name: user.name, email: user.email }),
  },
  bitbucket: {
    'GET /2.0/user': ({ user }) => ({ uuid: `{${user.sub}}`, username: user.login, display_name: user.name }),
  },
  slack: {
    'GET /api/users.identity': ({ user }) => ({
      ok: true,
      user: { id: user.sub, name: user.name, email: user.email },
    }),
  },
  notion: {
    'GET /v1/users/me': ({ user }) => ({ object: 'user', id: user.sub, name: user.name, type: 'person' }),
  },
  linkedin: {
    'GET /v2/userinfo': ({ user }) => ({
      sub: user.sub,
      name: user.name,
      email: user.email,
      email_verified: true,
    }),
  },
}
