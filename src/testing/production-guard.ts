/**
 * The one rule by which the testing kit refuses to run in production: a stand-in approves every login,
 * `withTestTokens` logs every request in, `injectToken` plants a token for any user. Each of them, built
 * into or imported by a production app by mistake, hands out accounts.
 */
import { isProduction } from '../env.js'
import { DanceError } from '../errors.js'

/**
 * Throws `config_invalid` when the process's `NODE_ENV` says production, written any way
 * (`production`, `Production`, ` PRODUCTION `, `prod`). There is no opt-out: a test that needs to see
 * production behaviour sets `env: { NODE_ENV: 'production' }` on its blueprint instead.
 *
 * @param what - the helper and why it is dangerous, the start of the error message.
 */
export function refuseInProduction(what: string): void {
  if (isProduction(undefined)) {
    throw new DanceError('config_invalid', `${what}; it is refused when NODE_ENV is production.`)
  }
}
