/**
 * Route guards for Fastify, with the same options and answers as the Express ones (`guard-rule.ts`
 * decides them): a `preHandler` hook that sends the browser to log in (and back) when the user has no
 * usable token, and an error handler that does the same for a `reauth_required` thrown by a route.
 *
 * ```ts
 * await app.register(dance(githubBlueprint))
 * app.get('/repos', { preHandler: authorizationRequired(github) }, async () => { ... })
 * app.setErrorHandler(reauthRedirect())
 * ```
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { Blueprint } from '../consumer/blueprint.js'
import {
  type GuardOptions,
  type GuardTarget,
  guardedClient,
  loginAnswer,
  reauthBlueprint,
} from './guard-rule.js'

/** A Fastify error handler, as `setErrorHandler` takes it. */
export type FastifyErrorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply) => unknown

/** Options of the Fastify {@link reauthRedirect}. */
export interface FastifyReauthOptions extends GuardOptions {
  /**
   * Answers every other error. By default the error goes on to the parent context's error handler
   * (Fastify's own at the root), as any error a handler throws does.
   */
  otherwise?: FastifyErrorHandler
}

/**
 * A `preHandler` hook that lets the request through when the client has a token that is unexpired or
 * refreshable, and otherwise redirects to the blueprint's login route with `?next=<this URL>`.
 */
export function authorizationRequired(
  target: GuardTarget,
  options: GuardOptions = {},
): preHandlerAsyncHookHandler {
  const client = guardedClient(target)
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (await client.authorized()) return
    return answerWithLogin(request, reply, client.blueprint(), options)
  }
}

/**
 * An error handler (`app.setErrorHandler(reauthRedirect())`) that turns a `reauth_required` error — the
 * refresh token was refused, or there is no token — into the same login redirect. Other errors go to
 * `otherwise`, or on to the parent error handler.
 */
export function reauthRedirect(options: FastifyReauthOptions = {}): FastifyErrorHandler {
  const { otherwise, ...guard } = options
  return (error, request, reply) => {
    const blueprint = reply.sent ? undefined : reauthBlueprint(error)
    if (blueprint) return answerWithLogin(request, reply, blueprint, guard)
    if (otherwise) return otherwise(error, request, reply)
    throw error
  }
}

function answerWithLogin(
  request: FastifyRequest,
  reply: FastifyReply,
  blueprint: Blueprint,
  options: GuardOptions,
): FastifyReply {
  const answer = loginAnswer(
    blueprint,
    { method: request.method, accept: request.headers.accept, url: request.url },
    options,
  )
  return reply.code(answer.status).headers(answer.headers).send(answer.json)
}
