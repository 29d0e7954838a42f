import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../context.js';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildWorld, PASSWORD, type World } from '../../../test/factories.js';

// Cross-consortium isolation: every account of consortium A, of every role, tries to read, list,
// change and delete consortium B's records through every registry endpoint. Each attempt on a
// record answers 404, each list leaves B out, and B's rows are the same afterwards.

async function snapshot(db: Db, w: World) {
  const inst = [w.lead.id, w.member.id];
  return {
    consortium: await db.selectFrom('consortia').selectAll().where('id', '=', w.consortium.id).execute(),
    institutions: await db
      .selectFrom('institutions')
      .selectAll()
      .where('id', 'in', inst)
      .orderBy('id')
      .execute(),
    memberships: await db
      .selectFrom('memberships')
      .selectAll()
      .where('consortiumId', '=', w.consortium.id)
      .orderBy('id')
      .execute(),
    departments: await db
      .selectFrom('departments')
      .selectAll()
      .where('institutionId', 'in', inst)
      .orderBy('id')
      .execute(),
    staff: await db
      .selectFrom('staff')
      .selectAll()
      .where('institutionId', 'in', inst)
      .orderBy('id')
      .execute(),
    agreements: await db
      .selectFrom('agreements')
      .selectAll()
      .where('consortiumId', '=', w.consortium.id)
      .execute(),
    users: await db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'disabled', 'passwordHash'])
      .where('consortiumId', '=', w.consortium.id)
      .orderBy('id')
      .execute(),
  };
}

/** Every request on one of B's records, with a body that would be valid if it were in scope. */
function recordProbes(b: World) {
  const probes: { method: 'GET' | 'PATCH' | 'DELETE' | 'POST' | 'PUT'; url: string; payload?: unknown }[] =
    [];
  const crud = (base: string, id: string, patch: unknown) => {
    probes.push(
      { method: 'GET', url: `${base}/${id}` },
      { method: 'PATCH', url: `${base}/${id}`, payload: patch },
      { method: 'DELETE', url: `${base}/${id}` },
    );
  };
  crud('/api/v1/consortia', b.consortium.id, { name: '改名' });
  crud('/api/v1/institutions', b.lead.id, { name: '改名医院' });
  crud('/api/v1/institutions', b.member.id, { name: '改名医院2' });
  crud('/api/v1/departments', b.leadDept.id, { name: '改名科室' });
  crud('/api/v1/departments', b.memberDept.id, { name: '改名科室2' });
  crud('/api/v1/staff', b.leadStaff.id, { name: '改名' });
  crud('/api/v1/staff', b.memberStaff.id, { name: '改名2' });
  crud('/api/v1/agreements', b.agreement.id, { title: '改名协议' });
  crud('/api/v1/users', b.users.consortium_office.id, { displayName: '改名' });
  crud('/api/v1/users', b.users.clinician.id, { disabled: true });
  probes.push(
    { method: 'GET', url: `/api/v1/consortia/${b.consortium.id}/overview` },
    { method: 'GET', url: `/api/v1/consortia/${b.consortium.id}/members` },
    {
      method: 'POST',
      url: `/api/v1/consortia/${b.consortium.id}/members`,
      payload: { institutionId: b.lead.id, role: 'member', joinedOn: '2024-01-01' },
    },
    { method: 'PATCH', url: `/api/v1/memberships/${b.membership.id}`, payload: { role: 'backbone' } },
    { method: 'DELETE', url: `/api/v1/memberships/${b.membership.id}` },
    { method: 'GET', url: `/api/v1/agreements/${b.agreement.id}/document` },
    { method: 'PUT', url: `/api/v1/agreements/${b.agreement.id}/document`, payload: { file: 'x' } },
  );
  return probes;
}

/** Lists that must leave B out, with B's id as a filter where the list takes one. */
function listProbes(b: World) {
  return [
    '/api/v1/consortia?pageSize=200',
    `/api/v1/institutions?pageSize=200`,
    `/api/v1/institutions?consortiumId=${b.consortium.id}`,
    `/api/v1/departments?pageSize=200`,
    `/api/v1/departments?institutionId=${b.lead.id}`,
    `/api/v1/departments?consortiumId=${b.consortium.id}`,
    `/api/v1/staff?pageSize=200`,
    `/api/v1/staff?institutionId=${b.member.id}`,
    `/api/v1/staff?consortiumId=${b.consortium.id}`,
    `/api/v1/agreements?pageSize=200`,
    `/api/v1/agreements?consortiumId=${b.consortium.id}`,
    `/api/v1/users?pageSize=200`,
    `/api/v1/users?consortiumId=${b.consortium.id}`,
    `/api/v1/audit?pageSize=200`,
  ];
}

describe.each(DATABASES)('registry isolation between consortia (%s)', (kind) => {
  let t: TestApp;
  let a: World;
  let b: World;
  const clients = new Map<string, Client>();

  beforeAll(async () => {
    t = await buildTestApp(kind);
    a = await buildWorld(t.database.db, '320614');
    b = await buildWorld(t.database.db, '510524');
    for (const [role, user] of Object.entries(a.users))
      clients.set(role, await signIn(t.app, user.username, PASSWORD));
    // B's own office leaves a trail, so the audit list has B rows to hide.
    const bOffice = await signIn(t.app, b.users.consortium_office.username, PASSWORD);
    expect(
      (await bOffice.patch(`/api/v1/consortia/${b.consortium.id}`, { description: 'B 的说明' })).statusCode,
    ).toBe(200);
  });
  afterAll(async () => t?.close());

  const roles = [
    'consortium_office',
    'institution_admin',
    'clinician',
    'dispatched_expert',
    'viewer',
    'commission_supervisor',
  ] as const;

  it.each(roles)('%s of A sees its own consortium (control)', async (role) => {
    const res = await clients.get(role)!.get(`/api/v1/consortia/${a.consortium.id}`);
    expect(res.statusCode).toBe(200);
  });

  it.each(roles)('%s of A gets 404 on every record of B and changes nothing', async (role) => {
    const before = await snapshot(t.database.db, b);
    const client = clients.get(role)!;
    for (const probe of recordProbes(b)) {
      const res = await client.inject({
        method: probe.method,
        url: probe.url,
        payload: probe.payload as never,
      });
      expect({ ...probe, status: res.statusCode }).toEqual({ ...probe, status: 404 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await snapshot(t.database.db, b)).toEqual(before);
  });

  it.each(roles)('%s of A never finds B in a list', async (role) => {
    const client = clients.get(role)!;
    const bIds = new Set([
      b.consortium.id,
      b.lead.id,
      b.member.id,
      b.leadDept.id,
      b.memberDept.id,
      b.leadStaff.id,
      b.memberStaff.id,
      b.agreement.id,
      ...Object.values(b.users).map((u) => u.id),
    ]);
    for (const url of listProbes(b)) {
      const res = await client.get(url);
      if (res.statusCode === 403) continue; // the role may not read this list at all
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      const items = res.json().items as {
        id: string | number;
        entityId?: string;
        consortiumId?: string | null;
      }[];
      for (const item of items) {
        expect(bIds.has(String(item.id)), `${url} leaked ${item.id}`).toBe(false);
        if (item.entityId)
          expect(bIds.has(item.entityId), `${url} leaked audit of ${item.entityId}`).toBe(false);
        if (item.consortiumId) expect(item.consortiumId).not.toBe(b.consortium.id);
      }
    }
  });
});
