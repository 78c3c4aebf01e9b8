/** The matrix app's back-channel timeout: short, so the matrix stays fast, yet safe on two busy cores. */
export const APP_TIMEOUT_MS = 1500
/** The size cap of every blueprint of the matrix app (oversized and bomb answers exceed it). */
export const APP_MAX_RESPONSE_BYTES = 64 * 1024
