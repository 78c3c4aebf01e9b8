/**
 * For writing an adapter of your own (`oauth-dance/scope`): open a request scope per request with
 * {@link runInScope}, let `blueprint.route(scope)` answer the two routes, and the request-scoped clients
 * work in the rest of the request.
 */
export { type RouteAnswer, RouteRedirect } from '../consumer/responses.js'
export {
  currentScope,
  type RequestScope,
  type RequestView,
  runInScope,
  type SessionPort,
} from '../context.js'
