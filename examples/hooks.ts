import { makeGithubBlueprint } from 'oauth-dance/providers/github'

export const blueprint = makeGithubBlueprint({
  scope: ['read:user'],
  hooks: {
    // Add a parameter to the authorization request.
    beforeLogin: ({ authorizationUrl }) => {
      authorizationUrl.searchParams.set('allow_signup', 'false')
    },
    // Return false to keep the token out of storage, or a Response to answer yourself.
    authorized: ({ token }) => token.scope !== undefined,
    // Every failed login comes here with a DanceError; its `code` is stable.
    error: ({ error }) => new Response(`Sorry: ${error.code}`, { status: error.status }),
  },
})
