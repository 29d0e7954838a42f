import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParams, pageOf, type Page } from '@yilian/domain';
import type { Actor, Principal, Services } from '../../context.js';
import { requireAccess, type RouteAccess } from '../../plugins/auth.js';
import { who } from './route-context.js';

/** The five use cases of a registry resource, as its service exports them. */
export interface CrudService<T, C, U, Q> {
  list(s: Services, p: Principal, q: Q): Promise<Page<T>>;
  get(s: Services, p: Principal, id: string): Promise<T>;
  create(s: Services, p: Principal, actor: Actor, body: C): Promise<T>;
  update(s: Services, p: Principal, actor: Actor, id: string, patch: U): Promise<T>;
  remove(s: Services, p: Principal, actor: Actor, id: string): Promise<void>;
}

export interface CrudSpec<T, C, U, Q> {
  path: string;
  tag: string;
  item: z.ZodType<T>;
  create: z.ZodType<C>;
  update: z.ZodType<U>;
  listQuery: z.ZodType<Q>;
  access: { read: RouteAccess; create: RouteAccess; update: RouteAccess; remove: RouteAccess };
  service: CrudService<T, C, U, Q>;
}

/**
 * GET list, POST, GET one, PATCH, DELETE for one resource: thin handlers that validate, call one
 * service function and present. Scope and state checks live in the service.
 */
export function crudRoutes<T, C, U, Q>(app: FastifyInstance, spec: CrudSpec<T, C, U, Q>) {
  // Plain (untyped) routes: the zod validator compiler still validates every schema below; the
  // generic T/C/U/Q are too abstract for the type provider to infer through.
  const r = app;
  const s = app.services;
  const { service: svc, access, path } = spec;
  const tags = [spec.tag];
  const one = `${path}/:id`;

  r.get(
    path,
    {
      config: { access: access.read },
      schema: { tags, querystring: spec.listQuery, response: { 200: pageOf(spec.item) } },
    },
    async (req) => svc.list(s, who(req).p, req.query as Q),
  );

  r.post(
    path,
    {
      config: { access: access.create },
      schema: { tags, body: spec.create, response: { 201: spec.item } },
    },
    async (req, reply) => {
      const { p, actor } = who(req);
      const created = await svc.create(s, p, actor, req.body as C);
      return reply.code(201).send(created);
    },
  );

  // Routes on one record look it up within scope first (404), then check the permission (403).
  const lookup = async (req: FastifyRequest) => {
    const { p, actor } = who(req);
    const { id } = req.params as { id: string };
    const found = await svc.get(s, p, id);
    requireAccess(req);
    return { p, actor, id, found };
  };

  r.get(
    one,
    {
      config: { access: access.read, checkAfterLookup: true },
      schema: { tags, params: idParams, response: { 200: spec.item } },
    },
    async (req) => (await lookup(req)).found,
  );

  r.patch(
    one,
    {
      config: { access: access.update, checkAfterLookup: true },
      schema: { tags, params: idParams, body: spec.update, response: { 200: spec.item } },
    },
    async (req) => {
      const { p, actor, id } = await lookup(req);
      return svc.update(s, p, actor, id, req.body as U);
    },
  );

  r.delete(
    one,
    {
      config: { access: access.remove, checkAfterLookup: true },
      schema: { tags, params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const { p, actor, id } = await lookup(req);
      await svc.remove(s, p, actor, id);
      return reply.code(204).send(null);
    },
  );
}
