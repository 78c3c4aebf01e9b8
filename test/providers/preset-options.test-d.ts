/**
 * Type tests, checked by `tsc` (`npm run typecheck`), never run: what preset factories accept and
 * return. A line marked `@ts-expect-error` fails the type-check when it stops being an error.
 */
import { expectTypeOf } from 'vitest'
import type { Blueprint, OAuth1Blueprint, OAuth2Blueprint, OidcBlueprint } from '../../src/index.js'
import { makeAppleBlueprint } from '../../src/providers/apple.js'
import { makeAzureBlueprint } from '../../src/providers/azure.js'
import { makeGithubBlueprint } from '../../src/providers/github.js'
import { makeGoogleBlueprint } from '../../src/providers/google.js'
import { makeTwitterBlueprint } from '../../src/providers/twitter.js'

// Each factory says which protocol its blueprint has.
expectTypeOf(makeGithubBlueprint).returns.toEqualTypeOf<OAuth2Blueprint>()
expectTypeOf(makeGoogleBlueprint).returns.toEqualTypeOf<OidcBlueprint>()
expectTypeOf(makeTwitterBlueprint).returns.toEqualTypeOf<OAuth1Blueprint>()
expectTypeOf<OAuth2Blueprint>().toMatchTypeOf<Blueprint>()
expectTypeOf(makeTwitterBlueprint({}).protocol.kind).toEqualTypeOf<'oauth1'>()
expectTypeOf(makeGithubBlueprint({}).protocol.kind).toEqualTypeOf<'oauth2' | 'oidc'>()

// Preset-specific options are typed, and only where the preset has them.
makeGithubBlueprint({ enterpriseHost: 'github.example.com', scope: ['repo'] })
makeAzureBlueprint({ tenant: 'organizations', allowedTenants: ['t1'], offline: true })
// @ts-expect-error GitHub has no tenant
makeGithubBlueprint({ tenant: 'common' })
// @ts-expect-error a scope is a string or a list of strings
makeGithubBlueprint({ scope: 42 })
// @ts-expect-error Apple's client secret is signed from teamId/keyId/privateKey, never given
makeAppleBlueprint({ clientSecret: 'x' })
// @ts-expect-error Apple's posted user is read by the preset itself
makeAppleBlueprint({ postedUser: () => undefined })
// @ts-expect-error OAuth 1.0a presets take a consumer key, not OAuth 2 quirks
makeTwitterBlueprint({ quirks: {} })
// The OAuth 2 quirks are data with known names.
// @ts-expect-error an unknown quirk
makeGithubBlueprint({ quirks: { sendsTokensByCarrierPigeon: true } })
