/**
 * The stand-in OAuth 1.0a provider for tests. It lives in demo/ (the demo offers an OAuth 1.0a login
 * against it and must not import from test/); tests import it from here.
 */
export {
  type OAuth1Misbehaviour,
  type OAuth1ProviderHandle,
  type OAuth1ProviderOptions,
  type StandInConsumer,
  startOAuth1Provider,
} from '../../demo/oauth1-provider.js'
