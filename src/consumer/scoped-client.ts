/**
 * The request-scoped client of a blueprint by name: what preset modules export
 * (`export const github = scopedClient('github')`), so `github.get('/user')` works in any request of
 * an app that mounts a blueprint named `github`.
 */
import { ApiClient } from '../client/api-client.js'
import type { RequestScope } from '../context.js'
import { DanceError } from '../errors.js'
import { Blueprint } from './blueprint.js'

/** A client for the blueprint named `name` in the current request's app. */
export function scopedClient(name: string): ApiClient<Blueprint> {
  return new ApiClient(name, (scope) => blueprintNamed(scope, name))
}

/** The blueprint named `name` in the scope; throws `blueprint_not_registered` when there is none. */
export function blueprintNamed(scope: RequestScope, name: string): Blueprint {
  const found = scope.blueprints.get(name)
  // The scope cannot name the Blueprint class (it is the bottom layer); this is where its entry is checked.
  if (found instanceof Blueprint) return found
  throw new DanceError(
    'blueprint_not_registered',
    `No blueprint named "${name}" is registered with this app's oauth-dance middleware.`,
    { provider: name },
  )
}
