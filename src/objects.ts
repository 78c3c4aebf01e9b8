/**
 * Copies of objects with members added or replaced, for the paths every login, callback and API call
 * takes.
 *
 * `{ ...base, member }` says the same thing, but on Node 20 (V8 11.3) every member added to a spread
 * copy costs about half a microsecond: a literal that starts with a spread of an object clones that
 * object's hidden class, which the engine then cannot extend on its fast path. Four added members cost
 * more than sealing the login's transaction. A literal that starts with a spread of nothing copies the
 * members one by one instead, at about 0.1 µs in all. Node 22 and later have no such cost; there this
 * is 0.1 µs slower than the plain spread. Measured in bench/NOTES.md item 14.
 *
 * Not `Object.assign({}, …)`, which is as fast: it sets members instead of defining them, so a
 * provider's JSON with an own `__proto__` member would replace the copy's prototype.
 */

/** Spread first so that the literal does not clone the hidden class of `base` (see above). */
const NOTHING: object | undefined = undefined

/**
 * A new object with `base`'s own enumerable members, then `extra`'s (which win), as
 * `{ ...base, ...extra }` makes it. `base` may be undefined.
 */
export function withMembers<T extends object, U extends object>(
  base: T | undefined,
  extra: U,
): Omit<T, keyof U> & U {
  return { ...NOTHING, ...base, ...extra } as Omit<T, keyof U> & U
}
