import { ROLES, roleNeedsInstitution, type Role } from '@yilian/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { loadDemoIfEmpty } from '../../src/demo/seed.js';
import { practitionerOf } from '../../src/modules/fhir/fhir.repository.js';
import type { Db } from '../../src/context.js';
import { signIn, type Client } from '../app.js';
import {
  buildAgreement,
  buildDepartment,
  buildInstitution,
  buildReferralWorld,
  buildSlots,
  buildStaff,
  buildUser,
  PASSWORD,
  referralBody,
  type ReferralWorld,
} from '../factories.js';

// The world of the access matrix: consortium A (a city lead, the county member every account of
// the matrix works at, and a sibling member), consortium B in another region, and records of each
// kind the factories and the API can make, in three scopes seen from the county:
//   own     - the county's records (or A's, for consortium-level kinds)
//   sibling - records of the sibling institution in the same consortium
//   other   - records of consortium B

export type Scope = 'own' | 'sibling' | 'other';
export const SCOPES: Scope[] = ['own', 'sibling', 'other'];
type Ids = Record<Scope, string>;

export interface MatrixWorld {
  clients: Record<Role, Client>;
  /** The records to put in a route's {id}, by the path segment before it. */
  ids: Record<string, Ids>;
  /** Every id of B: none may appear in a list answered to an account of A. */
  otherIds: string[];
  /** Records of the sibling no institution-bound account of the county may see. */
  siblingPrivate: string[];
  /**
   * For each self-service write ("POST /api/v1/meetings/:id/rsvp"): a record of the viewer's own
   * scope that the viewer takes no part in, with a body the route takes; or, for a route without
   * an id, a look at someone else's record that the viewer's own call must leave as it was.
   */
  selfService: Record<string, { id?: string; body?: unknown; bystander?: () => Promise<unknown> }>;
  relogin(role: Role): Promise<Client>;
}

async function referral(app: FastifyInstance, w: ReferralWorld, from: string, n: number) {
  const db = app.services.db;
  const doctor = await buildUser(db, 'clinician', { consortiumId: w.consortium.id, institutionId: from });
  const c = await signIn(app, doctor.username, PASSWORD);
  const res = await c.post('/api/v1/referrals', referralBody({ institutionId: w.city.id }, n));
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`referral: ${res.body}`);
  return res.json() as { id: string; patientId?: string };
}

export async function buildMatrixWorld(app: FastifyInstance): Promise<MatrixWorld> {
  const db: Db = app.services.db;
  // The demo consortia first (the database must be empty): records of every module, all in
  // consortia other than A, for the routes the factories below cannot fill.
  await loadDemoIfEmpty(db);
  const a = await buildReferralWorld(db, '510524');
  const b = await buildReferralWorld(db, '320614');
  const sib = await buildInstitution(db, {
    consortiumId: a.consortium.id,
    role: 'member',
    regionCode: '510524',
  });
  const sibDept = await buildDepartment(db, sib.id);
  const [countyStaff, sibStaff, bStaff] = [
    await buildStaff(db, a.county.id, { departmentId: a.countyMedicine.id }),
    await buildStaff(db, sib.id, { departmentId: sibDept.id }),
    await buildStaff(db, b.county.id, { departmentId: b.countyMedicine.id }),
  ];
  const agreements = [
    await buildAgreement(db, a.consortium.id, [a.city.id, a.county.id]),
    await buildAgreement(db, a.consortium.id, [a.city.id, sib.id]),
    await buildAgreement(db, b.consortium.id, [b.city.id, b.county.id]),
  ];
  // Each agreement with its signed document, so that reading the document is a real read.
  for (const ag of agreements) {
    const data = Buffer.from('%PDF-1.4\n% signed agreement\n');
    const key = await app.services.files.put(data, 'pdf');
    await db
      .updateTable('agreements')
      .set({
        documentKey: key,
        documentName: '协议.pdf',
        documentSize: data.length,
        documentType: 'application/pdf',
      })
      .where('id', '=', ag.id)
      .execute();
  }
  const membership = async (institutionId: string) =>
    (
      await db
        .selectFrom('memberships')
        .select('id')
        .where('institutionId', '=', institutionId)
        .executeTakeFirstOrThrow()
    ).id;
  const target = async (consortiumId: string, institutionId: string) =>
    (await buildUser(db, 'viewer', { consortiumId, institutionId })).id;
  const [ownRef, sibRef, otherRef] = [
    await referral(app, a, a.county.id, 1),
    await referral(app, a, sib.id, 2),
    await referral(app, b, b.county.id, 3),
  ];
  const slot = async (w: ReferralWorld, inst: string, dept: string, date: string) =>
    (
      await buildSlots(
        db,
        { ...w, city: { ...w.city, id: inst }, cardiology: { ...w.cardiology, id: dept } },
        1,
        1,
        date,
      )
    )[0]!.id;
  const practitioner = async (referralId: string) =>
    practitionerOf(
      await db
        .selectFrom('referrals')
        .select(['id', 'createdBy', 'referringStaffId', 'senderPractitioner'])
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow(),
    );
  const patient = async (referralId: string) =>
    (
      await db
        .selectFrom('referrals')
        .select('patientId')
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow()
    ).patientId;

  const ids: Record<string, Ids> = {
    consortia: { own: a.consortium.id, sibling: a.consortium.id, other: b.consortium.id },
    institutions: { own: a.county.id, sibling: sib.id, other: b.county.id },
    Organization: { own: a.county.id, sibling: sib.id, other: b.county.id },
    memberships: {
      own: await membership(a.county.id),
      sibling: await membership(sib.id),
      other: await membership(b.county.id),
    },
    departments: { own: a.countyMedicine.id, sibling: sibDept.id, other: b.countyMedicine.id },
    staff: { own: countyStaff.id, sibling: sibStaff.id, other: bStaff.id },
    // A FHIR Practitioner is the account that wrote a referral (fhir.repository practitionerOf).
    Practitioner: {
      own: await practitioner(ownRef.id),
      sibling: await practitioner(sibRef.id),
      other: await practitioner(otherRef.id),
    },
    agreements: { own: agreements[0]!.id, sibling: agreements[1]!.id, other: agreements[2]!.id },
    users: {
      own: await target(a.consortium.id, a.county.id),
      sibling: await target(a.consortium.id, sib.id),
      other: await target(b.consortium.id, b.county.id),
    },
    referrals: { own: ownRef.id, sibling: sibRef.id, other: otherRef.id },
    ServiceRequest: { own: ownRef.id, sibling: sibRef.id, other: otherRef.id },
    Bundle: { own: ownRef.id, sibling: sibRef.id, other: otherRef.id },
    Task: { own: ownRef.id, sibling: sibRef.id, other: otherRef.id },
    Patient: {
      own: await patient(ownRef.id),
      sibling: await patient(sibRef.id),
      other: await patient(otherRef.id),
    },
    capacity: {
      own: await slot(a, a.county.id, a.countyMedicine.id, '2030-01-03'),
      sibling: await slot(a, sib.id, sibDept.id, '2030-01-04'),
      other: await slot(b, b.county.id, b.countyMedicine.id, '2030-01-05'),
    },
  };
  const otherIds = [
    ...Object.values(ids).map((x) => x.other),
    b.city.id,
    b.cardiology.id,
    ...Object.values(b.users).map((u) => u.id),
  ];
  const siblingPrivate = [sibRef.id, ids.Patient!.sibling];

  const accounts = {} as Record<Role, string>;
  const accountIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const scope =
      role === 'platform_admin'
        ? {}
        : role === 'commission_supervisor'
          ? { regionCode: '510524' }
          : role === 'consortium_office'
            ? { consortiumId: a.consortium.id, institutionId: a.city.id }
            : { consortiumId: a.consortium.id, institutionId: a.county.id };
    const user = await buildUser(db, role, scope);
    accounts[role] = user.username;
    accountIds[role] = user.id;
  }
  const clients = {} as Record<Role, Client>;
  const relogin = async (role: Role) => (clients[role] = await signIn(app, accounts[role], PASSWORD));
  for (const role of ROLES) await relogin(role);

  // Self-service records of A the viewer takes no part in: a planned meeting it is not invited to,
  // and the invited clinician's notification of it.
  const meeting = await clients.consortium_office.post('/api/v1/meetings', {
    consortiumId: a.consortium.id,
    title: '医联体季度工作例会',
    kind: 'symposium',
    mode: 'in_person',
    room: '行政楼三楼会议室',
    startsAt: '2030-11-28T06:00:00Z',
    endsAt: '2030-11-28T08:00:00Z',
    agenda: [{ title: '各成员单位汇报' }],
    inviteeUserIds: [accountIds.clinician],
  });
  if (meeting.statusCode !== 201) throw new Error(`meeting: ${meeting.body}`);
  const meetingId = (meeting.json() as { id: string }).id;
  const unread = () =>
    db
      .selectFrom('notifications')
      .select(['id', 'readAt'])
      .where('userId', '=', accountIds.clinician)
      .orderBy('id')
      .execute();
  const clinicianNote = (await unread())[0];
  if (!clinicianNote) throw new Error('the invited clinician has no notification');
  const selfService: MatrixWorld['selfService'] = {
    'POST /api/v1/meetings/:id/rsvp': { id: meetingId, body: { response: 'accepted' } },
    'POST /api/v1/meetings/:id/sign-in': { id: meetingId, body: {} },
    'POST /api/v1/notifications/:id/read': { id: clinicianNote.id },
    'POST /api/v1/notifications/read-all': { bystander: unread },
  };
  return { clients, ids, otherIds, siblingPrivate, selfService, relogin };
}

/** Accounts bound to the county itself: the sibling's own records are not theirs. */
export const institutionBound = (role: Role) => roleNeedsInstitution(role);

/**
 * For routes whose records the factories do not make: a real record of a consortium other than A
 * (from the demo data), found by the table the route's path names (`/dispatch/programmes/:id` ->
 * dispatch_programmes, `/meetings/:id` -> meetings). Consortia in A's region are left out, since the
 * commission supervisor of that region may see them.
 */
export async function otherConsortiumIds(db: Db, urls: string[]): Promise<Map<string, string>> {
  const tables = (
    await sql<{ name: string }>`
      select c.table_name as name from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'consortium_id'
        and exists (select 1 from information_schema.columns i where i.table_schema = 'public'
                    and i.table_name = c.table_name and i.column_name = 'id' and i.data_type = 'uuid')`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  const found = new Map<string, string>();
  for (const url of urls) {
    const m = /\/([\w-]+)\/([\w-]+)\/:id/.exec(url);
    if (!m) continue;
    const [prefix, seg] = [m[1]!.replace(/-/g, '_'), m[2]!.replace(/-/g, '_')];
    const suffixed = tables.filter((t) => t.endsWith(`_${seg}`));
    const table =
      [`${prefix}_${seg}`, seg].find((t) => tables.includes(t)) ??
      (suffixed.length === 1 ? suffixed[0] : undefined);
    if (!table) continue;
    const row = await sql<{ id: string }>`
      select x.id::text as id from ${sql.table(table)} x join consortia c on c.id = x.consortium_id
      where c.region_code <> '510524'
      limit 1`.execute(db);
    if (row.rows[0]) found.set(url, row.rows[0].id);
  }
  return found;
}
