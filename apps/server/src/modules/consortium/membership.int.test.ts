import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signIn, type Client, type TestApp } from '../../../test/app.js';
import { DATABASES } from '../../../test/db.js';
import {
  buildReferralWorld,
  buildUser,
  buildWorld,
  PASSWORD,
  referralBody,
  type ReferralWorld,
  type World,
} from '../../../test/factories.js';

// Consortium A (西南医大 and 叙永) has its patients and accounts. The office of consortium B learns
// the id of A's county hospital (it appears in every exported FHIR Bundle) and tries to take the
// hospital over, as an attacker did: add it as B's member, list and edit it, reset its users'
// passwords, sign in as them and reveal A's patients. It gets nothing. Then membership is made
// the way the real world makes it: B invites, the county hospital's administrator answers.

describe.each(DATABASES)('membership needs both sides (%s)', (kind) => {
  let t: TestApp;
  let a: ReferralWorld;
  let b: World;
  let aCountyAdmin: { id: string; username: string };
  let bOffice: Client;
  let aOffice: Client;
  let countyAdmin: Client;
  let referralId: string;
  let invitationId: string;

  const audits = (action: string) =>
    t.database.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute();
  const membershipOf = (consortiumId: string, institutionId: string) =>
    t.database.db
      .selectFrom('memberships')
      .selectAll()
      .where('consortiumId', '=', consortiumId)
      .where('institutionId', '=', institutionId)
      .executeTakeFirst();

  beforeAll(async () => {
    t = await buildTestApp(kind);
    a = await buildReferralWorld(t.database.db);
    b = await buildWorld(t.database.db, '320614');
    aCountyAdmin = await buildUser(t.database.db, 'institution_admin', {
      consortiumId: a.consortium.id,
      institutionId: a.county.id,
    });
    bOffice = await signIn(t.app, b.users.consortium_office.username, PASSWORD);
    aOffice = await signIn(t.app, a.users.office.username, PASSWORD);
    countyAdmin = await signIn(t.app, aCountyAdmin.username, PASSWORD);
    const countyDoctor = await signIn(t.app, a.users.countyDoctor.username, PASSWORD);
    const sent = await countyDoctor.post('/api/v1/referrals', referralBody({ institutionId: a.city.id }, 7));
    expect(sent.statusCode, sent.body).toBe(201);
    referralId = sent.json().id;
  });
  afterAll(async () => t?.close());

  /** Everything the attacker did after the 201, each refused, and A's rows the same afterwards. */
  async function attackFails(client: Client) {
    const before = await t.database.db
      .selectFrom('users')
      .select(['id', 'passwordHash', 'disabled', 'displayName'])
      .where('consortiumId', '=', a.consortium.id)
      .orderBy('id')
      .execute();
    const listed = await client.get(`/api/v1/users?pageSize=200`);
    expect(listed.statusCode).toBe(200);
    const ids = listed.json().items.map((u: { id: string }) => u.id);
    for (const u of before) expect(ids).not.toContain(u.id);
    for (const target of [a.users.office.id, aCountyAdmin.id, a.users.countyDoctor.id]) {
      const reset = await client.patch(`/api/v1/users/${target}`, { password: 'Taken-over-2026!x' });
      expect(reset.statusCode).toBe(404);
      const disable = await client.patch(`/api/v1/users/${target}`, { disabled: true });
      expect(disable.statusCode).toBe(404);
    }
    const edit = await client.patch(`/api/v1/institutions/${a.county.id}`, { name: '被改名的医院' });
    expect([403, 404]).toContain(edit.statusCode);
    const reveal = await client.post(`/api/v1/referrals/${referralId}/reveal`);
    expect([403, 404]).toContain(reveal.statusCode);
    const after = await t.database.db
      .selectFrom('users')
      .select(['id', 'passwordHash', 'disabled', 'displayName'])
      .where('consortiumId', '=', a.consortium.id)
      .orderBy('id')
      .execute();
    expect(after).toEqual(before);
    const county = await t.database.db
      .selectFrom('institutions')
      .select('name')
      .where('id', '=', a.county.id)
      .executeTakeFirstOrThrow();
    expect(county.name).not.toBe('被改名的医院');
  }

  it("B's office cannot add A's hospital as a member: it may only invite", async () => {
    const add = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/members`, {
      institutionId: a.county.id,
      role: 'member',
      joinedOn: '2026-01-01',
    });
    expect(add.statusCode).toBe(403);
    expect(await membershipOf(b.consortium.id, a.county.id)).toBeUndefined();
    await attackFails(bOffice);
    const seen = await bOffice.get(`/api/v1/institutions/${a.county.id}`);
    expect(seen.statusCode).toBe(404);
  });

  it('an invitation binds no one: until the hospital answers, B sees and manages nothing of it', async () => {
    const invited = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionId: a.county.id,
      role: 'member',
      note: '邀请加入专科联盟',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({
      state: 'pending',
      institutionId: a.county.id,
      membershipId: null,
    });
    invitationId = invited.json().id;
    expect(await membershipOf(b.consortium.id, a.county.id)).toBeUndefined();
    expect((await audits('membership.invited')).map((r) => r.entityId)).toContain(invitationId);
    await attackFails(bOffice);
    // The same invitation twice is a conflict; an unknown code names the field.
    const again = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionId: a.county.id,
      role: 'member',
    });
    expect(again.statusCode).toBe(409);
    const unknown = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionCode: 'NO-SUCH-CODE',
      role: 'member',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('institutionCode');
    // Another consortium's office cannot invite into B.
    const foreign = await aOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionId: a.city.id,
      role: 'member',
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('only the invited hospital answers: not the inviting office, not its own office', async () => {
    const byInviter = await bOffice.post(`/api/v1/membership-invitations/${invitationId}/accept`, {});
    expect(byInviter.statusCode).toBe(403);
    const byOwnOffice = await aOffice.post(`/api/v1/membership-invitations/${invitationId}/accept`, {});
    expect(byOwnOffice.statusCode).toBe(404);
    const mine = await countyAdmin.get('/api/v1/membership-invitations?state=pending');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toMatchObject([
      { id: invitationId, consortiumName: b.consortium.name, institutionName: a.county.name },
    ]);
    // The administrator is told, and it waits in 我的待办.
    const work = await countyAdmin.get('/api/v1/my-work');
    expect(work.json().items.map((i: { id: string }) => i.id)).toContain(invitationId);
  });

  it('once the hospital accepts, B sees it as a member but still manages none of its accounts', async () => {
    const accepted = await countyAdmin.post(`/api/v1/membership-invitations/${invitationId}/accept`, {
      note: '同意加入',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'accepted', answerNote: '同意加入' });
    const m = await membershipOf(b.consortium.id, a.county.id);
    expect(m).toMatchObject({ role: 'member', leftOn: null, id: accepted.json().membershipId });
    expect((await audits('membership.invitation_accepted')).map((r) => r.actorId)).toEqual([aCountyAdmin.id]);
    expect((await audits('membership.created')).map((r) => r.entityId)).toContain(m!.id);
    const again = await countyAdmin.post(`/api/v1/membership-invitations/${invitationId}/accept`, {});
    expect(again.statusCode).toBe(409);

    expect((await bOffice.get(`/api/v1/institutions/${a.county.id}`)).statusCode).toBe(200);
    await attackFails(bOffice);
    // Neither office opens accounts at the shared hospital; its own administrator does.
    const account = {
      username: 'b.planted',
      displayName: '植入账号',
      password: 'Planted-pass-2026!',
      role: 'clinician',
      institutionId: a.county.id,
    };
    const planted = await bOffice.post('/api/v1/users', account);
    expect(planted.statusCode).toBe(400);
    expect(planted.json().errors[0].field).toBe('institutionId');
    // A's office no longer manages the hospital's registry entry now that it is shared...
    const aEdit = await aOffice.patch(`/api/v1/institutions/${a.county.id}`, { name: '改名' });
    expect(aEdit.statusCode).toBe(403);
    // ... and the hospital's administrator still manages its own accounts.
    const own = await countyAdmin.patch(`/api/v1/users/${a.users.countyDoctor.id}`, {
      displayName: '县医生',
    });
    expect(own.statusCode).toBe(200);
  });

  it('an invitation can be declined or withdrawn; the hospital leaves when it decides', async () => {
    const city = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionId: a.city.id,
      role: 'member',
    });
    const cityAdmin = await signIn(t.app, a.users.cityAdmin.username, PASSWORD);
    const declined = await cityAdmin.post(`/api/v1/membership-invitations/${city.json().id}/decline`, {
      note: '暂不加入',
    });
    expect(declined.json()).toMatchObject({ state: 'declined' });
    expect(await membershipOf(b.consortium.id, a.city.id)).toBeUndefined();
    const second = await bOffice.post(`/api/v1/consortia/${b.consortium.id}/invitations`, {
      institutionId: a.city.id,
      role: 'backbone',
    });
    expect(second.statusCode).toBe(201);
    const withdrawn = await bOffice.post(`/api/v1/membership-invitations/${second.json().id}/withdraw`, {});
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn' });
    const late = await cityAdmin.post(`/api/v1/membership-invitations/${second.json().id}/accept`, {});
    expect(late.statusCode).toBe(409);

    const m = (await membershipOf(b.consortium.id, a.county.id))!;
    const byOffice = await bOffice.post(`/api/v1/memberships/${m.id}/leave`, {});
    expect(byOffice.statusCode).toBe(403);
    const left = await countyAdmin.post(`/api/v1/memberships/${m.id}/leave`, { note: '协议到期' });
    expect(left.statusCode).toBe(200);
    expect(left.json().active).toBe(false);
    expect((await audits('membership.left')).map((r) => r.entityId)).toEqual([m.id]);
    // Back to one consortium: A's office manages its hospital again.
    const aEdit = await aOffice.patch(`/api/v1/institutions/${a.county.id}`, { shortName: '叙永县医院' });
    expect(aEdit.statusCode).toBe(200);
  });
});
