/**
 * The stand-in's authorization page. A test skips it (`loginAs` names the user in the query: see
 * {@link USER_PARAM}); a person trying an app by hand sees who they can log in as and chooses Approve
 * or Deny.
 */
import { escapeHtml } from '../../consumer/responses.js'

/** The query parameter that names the test user and approves at once. */
export const USER_PARAM = 'stand_in_user'
/** The query parameter that, set to `deny`, refuses instead. */
export const DECISION_PARAM = 'stand_in_decision'

/** The approval page for an authorization request (`url` is that request). */
export function approvalPage(url: URL, title: string, logins: readonly string[]): Response {
  const hidden = [...url.searchParams]
    .filter(([key]) => key !== USER_PARAM && key !== DECISION_PARAM)
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join('')
  const options = logins.map((login) => `<option value="${escapeHtml(login)}">`).join('')
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)} (stand-in)</title></head>
<body><h1>${escapeHtml(title)} stand-in</h1><p>A local test provider: nothing leaves this machine.</p>
<form method="get" action="${escapeHtml(url.pathname)}">${hidden}
<label>Log in as <input name="${USER_PARAM}" list="users" value="${escapeHtml(logins[0] ?? 'alice')}" required></label>
<datalist id="users">${options}</datalist>
<button type="submit" name="${DECISION_PARAM}" value="approve">Approve</button>
<button type="submit" name="${DECISION_PARAM}" value="deny">Deny</button></form></body></html>`
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
}

/** The auto-submitting form of `response_mode=form_post` (OpenID Connect Form Post Response Mode). */
export function formPostPage(redirectUri: string, params: URLSearchParams): Response {
  const inputs = [...params]
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join('')
  const html = `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
}
