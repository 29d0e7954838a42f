import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from './auth.js';

// The application's own list of its routes with what each declares. The fuzz and access-matrix
// tests read it, so a route added by any module falls under them without anyone listing it.

export interface RouteEntry {
  method: string;
  url: string;
  access?: RouteAccess;
  /** For a write open to any signed-in participant of the record: who, as the route says. */
  selfService?: string;
  checkAfterLookup: boolean;
  /** The route's JSON body schema as declared (zod), when it has one. */
  hasBody: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export const routeTablePlugin = fp(async (app: FastifyInstance) => {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as {
      access?: RouteAccess;
      selfService?: string;
      checkAfterLookup?: boolean;
    };
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      table.push({
        method,
        url: route.url,
        access: config.access,
        selfService: config.selfService,
        checkAfterLookup: !!config.checkAfterLookup,
        hasBody: !!route.schema?.body,
      });
    }
  });
});
