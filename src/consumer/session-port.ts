/**
 * The small view of a framework's session that the core needs.
 * The Express adapter maps it onto `req.session` (express-session); other adapters map their own.
 */
export interface SessionPort {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  /**
   * Issues a new session id keeping the data, to prevent session fixation at login.
   * @see https://owasp.org/www-community/attacks/Session_fixation
   */
  regenerate?(): Promise<void>
}
