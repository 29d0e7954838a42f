import type { FastifyInstance } from 'fastify';
import { user, userCreate, userListQuery, userUpdate } from '@yilian/domain';
import { crudRoutes } from '../shared/crud-routes.js';
import * as service from './user.service.js';

export async function userRoutes(app: FastifyInstance) {
  crudRoutes(app, {
    path: '/api/v1/users',
    tag: 'accounts',
    item: user,
    create: userCreate,
    update: userUpdate,
    listQuery: userListQuery,
    access: { read: 'user.manage', create: 'user.manage', update: 'user.manage', remove: 'user.manage' },
    service,
  });
}
