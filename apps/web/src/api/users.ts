import type { User, UserCreate, UserUpdate } from '@yilian/domain';
import { createResource } from './resource';

export const users = createResource<User, UserCreate, UserUpdate>('users', '/users', ['consortia']);
