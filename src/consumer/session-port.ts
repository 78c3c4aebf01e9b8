/**
 * The small view of a framework's session that the core needs.
 * The Express adapter maps it onto `req.session` (express-session); other adapters map their own.
 */
export interface SessionPort {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  /**
   * Replaces the session with a fresh one under a new id that holds only the keys named in `keep`
   * (copied from the old session), to prevent session fixation at login: whatever was planted in the
   * old session stays behind.
   * @see https://owasp.org/www-community/attacks/Session_fixation
   */
  regenerate?(keep: readonly string[]): Promise<void>
}
