/**
 * Configuration from the environment, read here and nowhere else in the library, by one rule: the blueprint name upper-cased with every run of
 * non-alphanumerics turned into `_`, then `_OAUTH_<FIELD>` (`github` → `GITHUB_OAUTH_CLIENT_ID`).
 */
import { DanceError } from './errors.js'

/** An environment to read from; `process.env` by default. */
export type Env = Readonly<Record<string, string | undefined>>

/** `env`, or the process's environment: the one place the library reads `process.env`. */
export function envOf(env?: Env | undefined): Env {
  return env ?? process.env
}

/** `github-work` → `GITHUB_WORK`. */
export function envPrefix(name: string): string {
  return name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
}

/** The environment variable name for a blueprint field, e.g. (`github`, `CLIENT_ID`) → `GITHUB_OAUTH_CLIENT_ID`. */
export function envName(name: string, field: string): string {
  return `${envPrefix(name)}_OAUTH_${field}`
}

/** Reads a field from an explicit value or the environment. */
export function fromEnv(
  explicit: string | undefined,
  name: string,
  field: string,
  env: Env,
): string | undefined {
  if (explicit !== undefined && explicit !== '') return explicit
  const value = env[envName(name, field)]
  return value === undefined || value === '' ? undefined : value
}

/** Like {@link fromEnv} but throws `config_missing_credentials` naming the variable when absent. */
export function requireFromEnv(
  explicit: string | undefined,
  name: string,
  field: string,
  env: Env,
  option: string,
): string {
  const value = fromEnv(explicit, name, field, env)
  if (value === undefined) {
    throw new DanceError(
      'config_missing_credentials',
      `The ${name} blueprint needs \`${option}\`: pass it, or set ${envName(name, field)} in the environment.`,
      { provider: name },
    )
  }
  return value
}

/**
 * The app-level environment variable naming the app's public origin(s), shared by every blueprint:
 * `OAUTH_DANCE_PUBLIC_URL=https://app.example` (several, comma-separated, for an allow-list).
 */
export const PUBLIC_URL_ENV = 'OAUTH_DANCE_PUBLIC_URL'

/** The public URLs from {@link PUBLIC_URL_ENV}, or undefined when it is unset or empty. */
export function publicUrlsFromEnv(env: Env): string[] | undefined {
  const value = env[PUBLIC_URL_ENV]
  const urls = value
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
  return urls && urls.length > 0 ? urls : undefined
}

/**
 * True when an environment's `NODE_ENV` says production. People write it `Production`, `PRODUCTION`,
 * `production ` (a stray space from a shell or a `.env` file) or `prod`: a check that sees only the
 * exact word lets those apps run as if they were in development.
 */
export function saysProduction(env: Env): boolean {
  const value = env.NODE_ENV?.trim().toLowerCase()
  return value === 'production' || value === 'prod'
}

/** True when `NODE_ENV` says production ({@link saysProduction}), in the blueprint's `env` or the process's. */
export function isProduction(env: Env | undefined): boolean {
  return (env !== undefined && saysProduction(env)) || saysProduction(envOf())
}
