import type { FastifyRequest } from 'fastify';
import { actorOf, type Actor, type Principal } from '../../context.js';
import { principalOf } from '../../plugins/auth.js';

/** The principal and the audit actor of a request, for a handler's one service call. */
export function who(request: FastifyRequest): { p: Principal; actor: Actor } {
  const p = principalOf(request);
  return { p, actor: actorOf(p, request.ip) };
}
