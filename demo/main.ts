/**
 * `npm run demo`: starts the demo on fixed ports (PORT, default 3000; PROVIDER_PORT, default 3001)
 * and prints what to do. Ctrl-C stops it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
import { startDemo } from './start.js'

function port(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`${name} must be a port number, not "${raw}".`)
    process.exit(1)
  }
  return value
}

const demo = await startDemo({ appPort: port('PORT', 3000), providerPort: port('PROVIDER_PORT', 3001) })

const lines =
  demo.mode === 'local'
    ? [
        `A local OpenID provider is running at ${demo.issuer} (oidc-provider, development pages;`,
        'its development-only warnings above are expected).',
        '',
        `  Open ${demo.appUrl} in your browser.`,
        '',
        'Click "Log in with the local OpenID provider". The provider asks for a login: type any name',
        '(e.g. alice) and any password, then click "Continue" on the consent page. You come back to the',
        'app, which greets you by the name the provider\'s API returned ("Hello, Alice!").',
        '',
        '"Log in with the local OAuth 1.0a provider" does the same over OAuth 1.0a (RFC 5849): approve',
        'on its page (any user name) and the app greets you through a signed API call.',
        '',
        '"Log in with GitHub (local stand-in)" runs the GitHub preset against the testing kit\'s GitHub',
        'stand-in (oauth-dance/testing): approve as any user name and the app calls its /user API.',
        '',
        'To log in with real GitHub instead, set GITHUB_OAUTH_CLIENT_ID and GITHUB_OAUTH_CLIENT_SECRET.',
      ]
    : [
        'GitHub credentials found: the demo logs in with real GitHub.',
        `Your GitHub OAuth app's callback URL must be ${demo.callbackUrls[0]}`,
        '',
        `  Open ${demo.appUrl} in your browser and click "Log in with GitHub".`,
      ]
console.log(['', 'oauth-dance demo', '', ...lines, '', 'Press Ctrl-C to stop.', ''].join('\n'))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void demo.close().then(() => process.exit(0))
  })
}
