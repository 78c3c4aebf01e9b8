/**
 * OAuth 1.0a signing (RFC 5849): percent-encoding, the signature base string, the four signature
 * methods and the placement of the protocol parameters.
 */
export { baseStringUri, normalizeParameters, signatureBaseString } from './base-string.js'
export {
  type CredentialsStage,
  clockHint,
  type ReadCredentialsOptions,
  readCredentials,
} from './credentials.js'
export { type ParamList, parseForm, percentEncode } from './encode.js'
export { loadRsaPrivateKey } from './rsa-key.js'
export {
  authorizationHeader,
  makeNonce,
  makeTimestamp,
  type OAuth1SignerConfig,
  oauthParameters,
  type SignableRequest,
  type SignatureLocation,
  type SignOptions,
  signRequest,
} from './sign-request.js'
export {
  computeSignature,
  isSignatureMethod,
  SIGNATURE_METHODS,
  type SignatureMethod,
  type SigningSecrets,
  signingKey,
} from './signature.js'
