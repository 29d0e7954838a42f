import type { FastifyInstance } from 'fastify';
import { institution, institutionCreate, institutionListQuery, institutionUpdate } from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import * as service from './institution.service.js';

export async function institutionRoutes(app: FastifyInstance) {
  crudRoutes(app, {
    path: '/api/v1/institutions',
    tag: 'registry',
    item: institution,
    create: institutionCreate,
    update: institutionUpdate,
    listQuery: institutionListQuery,
    access: {
      read: 'registry.read',
      create: 'institution.create',
      update: 'institution.manage',
      remove: 'institution.manage',
    },
    service,
  });
}
