/**
 * Type tests, checked by `tsc` (`npm run typecheck`), never run: what hooks receive and may answer.
 * A line marked `@ts-expect-error` fails the type-check when it stops being an error.
 */
import { expectTypeOf } from 'vitest'
import type {
  AuthorizedContext,
  AuthorizedResult,
  BlueprintHooks,
  DanceError,
  Token,
} from '../../src/index.js'

expectTypeOf<AuthorizedContext['token']>().toEqualTypeOf<Token>()
expectTypeOf<AuthorizedContext['claims']>().toEqualTypeOf<Readonly<Record<string, unknown>> | undefined>()

// Every answer the docs promise type-checks...
const answers: AuthorizedResult[] = [
  undefined,
  true,
  false,
  new Response('hi'),
  { store: false },
  { userId: 'u1', accountId: 'a1' },
  { response: new Response(null, { status: 204 }) },
]
void answers
const hooks: BlueprintHooks = {
  beforeLogin: ({ authorizationUrl }) => {
    authorizationUrl.searchParams.set('prompt', 'consent')
  },
  authorized: async ({ token }) => ({ userId: String(token.access_token) }),
  error: ({ error }) => {
    expectTypeOf(error).toEqualTypeOf<DanceError>()
    return new Response('failed', { status: error.status })
  },
}
void hooks

// ...and others do not.
const wrong: BlueprintHooks = {
  // @ts-expect-error a user id is a string, not the user object
  authorized: () => ({ userId: { id: 1 } }),
  // @ts-expect-error the error hook answers a Response or nothing
  error: () => 'failed',
}
void wrong
