/** The matrix app's back-channel timeout and size cap: short and small, so the matrix stays fast. */
export const APP_TIMEOUT_MS = 700
/** The size cap of every blueprint of the matrix app (oversized and bomb answers exceed it). */
export const APP_MAX_RESPONSE_BYTES = 64 * 1024
