import { withUsccCheck } from '@yilian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, multipart, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import { buildWorld, PASSWORD, type World } from '../../../test/factories.js';

// The 海门 consortium office builds up its registry; members and doctors use it within their rights.

describe.each(DATABASES)('registry story (%s)', (kind) => {
  let t: TestApp;
  let w: World;
  let office: Client;
  let instAdmin: Client;
  let clinician: Client;

  beforeAll(async () => {
    t = await buildTestApp(kind);
    w = await buildWorld(t.database.db, '320614');
    office = await signIn(t.app, w.users.consortium_office.username, PASSWORD);
    instAdmin = await signIn(t.app, w.users.institution_admin.username, PASSWORD);
    clinician = await signIn(t.app, w.users.clinician.username, PASSWORD);
  });
  afterAll(async () => t?.close());

  it('the office adds a township health centre, which joins the consortium as a member', async () => {
    const res = await office.post('/api/v1/institutions', {
      code: 'HM-BC',
      name: '海门市包场镇卫生院',
      kind: 'township_health_center',
      level: 'level1',
      grade: 'none',
      regionCode: '320614',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '海门市包场镇卫生院', regionName: '江苏省南通市海门区' });
    const members = await office.get(`/api/v1/consortia/${w.consortium.id}/members?q=包场`);
    expect(members.json().items).toEqual([
      expect.objectContaining({ institutionName: '海门市包场镇卫生院', role: 'member', active: true }),
    ]);
    const overview = await office.get(`/api/v1/consortia/${w.consortium.id}/overview`);
    expect(overview.json().counts.institutions).toBe(3);
    expect(overview.json().structure.lead).toHaveLength(1);
  });

  it('refuses a duplicate code with 409 and a bad region with 400 naming the field', async () => {
    const dup = await office.post('/api/v1/institutions', {
      code: 'HM-BC',
      name: '另一家',
      kind: 'other',
      level: 'unrated',
      grade: 'none',
      regionCode: '320614',
    });
    expect(dup.statusCode).toBe(409);
    const region = await office.post('/api/v1/institutions', {
      code: 'HM-XX',
      name: '不存在',
      kind: 'other',
      level: 'unrated',
      grade: 'none',
      regionCode: '999999',
    });
    expect(region.statusCode).toBe(400);
    expect(region.json().errors[0].field).toBe('regionCode');
    const kindBad = await office.post('/api/v1/institutions', {
      code: 'HM-YY',
      name: '类型错',
      kind: 'castle',
      level: 'level1',
      grade: 'a',
      regionCode: '320614',
    });
    expect(kindBad.statusCode).toBe(400);
    expect(kindBad.json().errors[0].field).toBe('kind');
  });

  it('institutions carry their 统一社会信用代码 and 执业许可证登记号, staff their 执业证书编码: checked, unique, searchable', async () => {
    const uscc = withUsccCheck('12320684MB1230000');
    const created = await office.post('/api/v1/institutions', {
      code: 'HM-SL',
      name: '海门市三厂镇卫生院',
      kind: 'township_health_center',
      level: 'level1',
      grade: 'none',
      regionCode: '320614',
      uscc: uscc.toLowerCase(), // typed in lower case: kept in capitals
      medicalLicenseNo: 'PDY00001-X32068417B1001',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ uscc, medicalLicenseNo: 'PDY00001-X32068417B1001' });
    const wrong = uscc.slice(0, 17) + (uscc.endsWith('1') ? '2' : '1');
    const bad = await office.patch(`/api/v1/institutions/${w.member.id}`, { uscc: wrong });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('uscc');
    const taken = await office.patch(`/api/v1/institutions/${w.member.id}`, { uscc });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('uscc');
    const found = await office.get(`/api/v1/institutions?q=${uscc.slice(-6)}`);
    expect(found.json().items.map((i: { code: string }) => i.code)).toEqual(['HM-SL']);

    const doc = await instAdmin.post('/api/v1/staff', {
      institutionId: w.member.id,
      name: '陆明',
      title: 'attending_physician',
      practitionerId: '110320684000777',
    });
    expect(doc.statusCode, doc.body).toBe(201);
    const twice = await instAdmin.post('/api/v1/staff', {
      institutionId: w.member.id,
      name: '陆明二',
      title: 'attending_physician',
      practitionerId: '110320684000777',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].field).toBe('practitionerId');
    const shape = await instAdmin.patch(`/api/v1/staff/${doc.json().id}`, { practitionerId: '12-34' });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors[0].field).toBe('practitionerId');
    const byLicence = await clinician.get('/api/v1/staff?q=320684000777');
    expect(byLicence.json().items).toEqual([
      expect.objectContaining({ name: '陆明', practitionerId: '110320684000777' }),
    ]);
  });

  it('an institution admin runs its own departments and staff but not the lead hospital', async () => {
    const dept = await instAdmin.post('/api/v1/departments', {
      institutionId: w.member.id,
      name: '康复医学科',
      kind: 'clinical',
    });
    expect(dept.statusCode).toBe(201);
    const doc = await instAdmin.post('/api/v1/staff', {
      institutionId: w.member.id,
      departmentId: dept.json().id,
      name: '周静怡',
      title: 'attending_physician',
      phone: '13800001111',
    });
    expect(doc.statusCode).toBe(201);
    expect(doc.json().phone).toBe('13800001111'); // the manager sees it whole
    const onLead = await instAdmin.post('/api/v1/departments', {
      institutionId: w.lead.id,
      name: '越权科室',
      kind: 'clinical',
    });
    expect(onLead.statusCode).toBe(403);
    const patchLead = await instAdmin.patch(`/api/v1/departments/${w.leadDept.id}`, { name: '越权' });
    expect(patchLead.statusCode).toBe(403);
    // A department of another institution is not a valid home for staff.
    const wrongDept = await instAdmin.post('/api/v1/staff', {
      institutionId: w.member.id,
      departmentId: w.leadDept.id,
      name: '错科室',
      title: 'resident_physician',
    });
    expect(wrongDept.statusCode).toBe(400);
    expect(wrongDept.json().errors[0].field).toBe('departmentId');
  });

  it('a clinician reads the registry with phones masked, and cannot change it', async () => {
    const list = await clinician.get(`/api/v1/staff?institutionId=${w.member.id}`);
    expect(list.statusCode).toBe(200);
    for (const s of list.json().items) expect(s.phone === null || /\*{4}/.test(s.phone)).toBe(true);
    const one = await clinician.get(`/api/v1/staff/${w.memberStaff.id}`);
    expect(one.json()).toMatchObject({ phone: '139****5678', phoneMasked: true });
    expect((await clinician.patch(`/api/v1/staff/${w.memberStaff.id}`, { name: '改名' })).statusCode).toBe(
      403,
    );
    expect((await clinician.del(`/api/v1/staff/${w.memberStaff.id}`)).statusCode).toBe(403);
    expect(
      (
        await clinician.post('/api/v1/institutions', {
          code: 'X1',
          name: 'x',
          kind: 'other',
          level: 'unrated',
          grade: 'none',
          regionCode: '320614',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lists search, filter and paginate', async () => {
    const page1 = await office.get(`/api/v1/departments?consortiumId=${w.consortium.id}&pageSize=1&page=1`);
    const page2 = await office.get(`/api/v1/departments?consortiumId=${w.consortium.id}&pageSize=1&page=2`);
    expect(page1.json().total).toBeGreaterThanOrEqual(3);
    expect(page1.json().items).toHaveLength(1);
    expect(page2.json().items[0].id).not.toBe(page1.json().items[0].id);
    const search = await office.get(`/api/v1/departments?q=${encodeURIComponent('康复')}`);
    expect(search.json().items.map((d: { name: string }) => d.name)).toEqual(['康复医学科']);
    const bad = await office.get('/api/v1/departments?pageSize=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('pageSize');
  });

  it('an institution with departments cannot be deleted (409), and stays', async () => {
    const res = await office.del(`/api/v1/institutions/${w.member.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    expect((await office.get(`/api/v1/institutions/${w.member.id}`)).statusCode).toBe(200);
  });

  it('a department with staff cannot be deleted (409); an empty one can', async () => {
    expect((await office.del(`/api/v1/departments/${w.leadDept.id}`)).statusCode).toBe(409);
    expect((await office.get(`/api/v1/departments/${w.leadDept.id}`)).statusCode).toBe(200);
    const empty = await office.post('/api/v1/departments', {
      institutionId: w.lead.id,
      name: '临时科室',
      kind: 'functional',
    });
    expect((await office.del(`/api/v1/departments/${empty.json().id}`)).statusCode).toBe(204);
    expect((await office.get(`/api/v1/departments/${empty.json().id}`)).statusCode).toBe(404);
  });

  it('the office records an agreement and attaches the signed PDF; a member downloads it', async () => {
    const bad = await office.post('/api/v1/agreements', {
      consortiumId: w.consortium.id,
      title: '协议',
      parties: [{ name: '甲' }, { name: '乙' }],
      signedOn: '2024-05-01',
      expiresOn: '2023-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('expiresOn');
    const res = await office.post('/api/v1/agreements', {
      consortiumId: w.consortium.id,
      title: '紧密型医联体合作框架协议',
      parties: [{ institutionId: w.lead.id, name: '牵头医院' }, { name: '县人民政府' }],
      signedOn: '2022-01-25',
      expiresOn: '2032-01-24',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'active', document: null });
    const id = res.json().id;
    const pdf = Buffer.from('%PDF-1.4\n% signed agreement\n%%EOF\n');
    const up = await office.inject({
      method: 'PUT',
      url: `/api/v1/agreements/${id}/document`,
      ...multipart('file', '协议.pdf', 'application/pdf', pdf),
    });
    expect(up.statusCode).toBe(200);
    expect(up.json().document).toEqual({
      name: '协议.pdf',
      size: pdf.length,
      contentType: 'application/pdf',
    });
    const fake = await office.inject({
      method: 'PUT',
      url: `/api/v1/agreements/${id}/document`,
      ...multipart('file', 'evil.pdf', 'application/pdf', Buffer.from('<script>')),
    });
    expect(fake.statusCode).toBe(415);
    const down = await clinician.get(`/api/v1/agreements/${id}/document`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(pdf)).toBe(true);
    expect(
      (
        await instAdmin.inject({
          method: 'PUT',
          url: `/api/v1/agreements/${id}/document`,
          ...multipart('file', 'x.pdf', 'application/pdf', pdf),
        })
      ).statusCode,
    ).toBe(403);
  });

  it('an institution leaves: the membership gets a date and is no longer active', async () => {
    const res = await office.patch(`/api/v1/memberships/${w.membership.id}`, { leftOn: '2020-06-30' });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    const before = await office.patch(`/api/v1/memberships/${w.membership.id}`, { leftOn: '2019-01-01' });
    expect(before.statusCode).toBe(400);
    expect(before.json().errors[0].field).toBe('leftOn');
    const active = await office.get(`/api/v1/consortia/${w.consortium.id}/members?active=true`);
    expect(active.json().items.map((m: { institutionId: string }) => m.institutionId)).not.toContain(
      w.member.id,
    );
    await office.patch(`/api/v1/memberships/${w.membership.id}`, { leftOn: null });
  });

  it('the office manages accounts of its consortium but cannot create a platform admin', async () => {
    const ok = await office.post('/api/v1/users', {
      username: 'new.doctor',
      displayName: '新医生',
      password: 'Start-pass-2026',
      role: 'clinician',
      institutionId: w.member.id,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ consortiumId: w.consortium.id, institutionId: w.member.id });
    const admin = await office.post('/api/v1/users', {
      username: 'evil.admin',
      displayName: 'x',
      password: 'Start-pass-2026',
      role: 'platform_admin',
    });
    expect(admin.statusCode).toBe(400);
    expect(admin.json().errors[0].field).toBe('role');
    const dup = await office.post('/api/v1/users', {
      username: 'NEW.doctor',
      displayName: 'x',
      password: 'Start-pass-2026',
      role: 'viewer',
    });
    expect(dup.statusCode).toBe(409);
    const first = await signIn(t.app, 'new.doctor', 'Start-pass-2026');
    expect((await first.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
  });
});
