import type { FastifyInstance } from 'fastify';
import { department, departmentCreate, departmentListQuery, departmentUpdate } from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import * as service from './department.service.js';

export async function departmentRoutes(app: FastifyInstance) {
  crudRoutes(app, {
    path: '/api/v1/departments',
    tag: 'registry',
    item: department,
    create: departmentCreate,
    update: departmentUpdate,
    listQuery: departmentListQuery,
    access: {
      read: 'registry.read',
      create: 'institution.manage',
      update: 'institution.manage',
      remove: 'institution.manage',
    },
    service,
  });
}
