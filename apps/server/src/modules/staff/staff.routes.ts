import type { FastifyInstance } from 'fastify';
import { staff, staffCreate, staffListQuery, staffUpdate } from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import * as service from './staff.service.js';

export async function staffRoutes(app: FastifyInstance) {
  crudRoutes(app, {
    path: '/api/v1/staff',
    tag: 'registry',
    item: staff,
    create: staffCreate,
    update: staffUpdate,
    listQuery: staffListQuery,
    access: {
      read: 'registry.read',
      create: 'institution.manage',
      update: 'institution.manage',
      remove: 'institution.manage',
    },
    service,
  });
}
