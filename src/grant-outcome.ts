/**
 * What a failed refresh grant can have done to the refresh token, as only the grant itself knows: the
 * protocol marks the error it throws, and the refresher reads the mark to decide whether the refresh
 * token may be presented again (a provider that answered with an error issued nothing; a lost answer
 * may have spent it).
 */

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

/** True for failures before the request was sent (refused connection, DNS), which are safe to repeat. */
export function neverSent(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && NOT_SENT.has(code)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/**
 * What a failed refresh grant can have done to the refresh token, as only the grant itself knows:
 * `not-sent` (the token request never left this machine, or failed before it started, such as
 * discovery), `refused` (the token endpoint answered with an error: it issued nothing), or
 * `maybe-spent` (an answer was lost, or arrived and was refused here: a rotating provider may already
 * have spent the token). An unmarked failure counts as `maybe-spent`.
 */
export type GrantOutcome = 'not-sent' | 'refused' | 'maybe-spent'

const outcomes = new WeakMap<object, GrantOutcome>()

/** Marks `error`, thrown by a refresh grant, with what the provider can have seen; returns it. */
export function markGrantOutcome<E>(error: E, outcome: GrantOutcome): E {
  if (typeof error === 'object' && error !== null) outcomes.set(error, outcome)
  return error
}

/** The outcome a refresh grant marked on `error` ({@link markGrantOutcome}); `maybe-spent` if none. */
export function grantOutcomeOf(error: unknown): GrantOutcome {
  return (typeof error === 'object' && error !== null && outcomes.get(error)) || 'maybe-spent'
}
