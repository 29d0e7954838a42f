import {
  withCheckDigit,
  type DepartmentKind,
  type MemberRole,
  type Role,
  type StaffTitle,
} from '@yilian/domain';
import type { Db } from '../src/context.js';
import { hashPassword } from '../src/modules/auth/password.js';

// Factories write straight to the database: tests set up a world in a few lines and spend their
// requests on what they test.

export const PASSWORD = 'Factory-pass-2026';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

let seq = 0;
const next = () => `${process.pid % 1000}${++seq}`;

export async function buildConsortium(db: Db, o: { code?: string; name?: string; regionCode?: string } = {}) {
  const n = next();
  return db
    .insertInto('consortia')
    .values({
      code: o.code ?? `C${n}`,
      name: o.name ?? `测试医联体${n}`,
      kind: 'county_community',
      regionCode: o.regionCode ?? '320614',
      establishedOn: '2020-01-01',
      description: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildInstitution(
  db: Db,
  o: { consortiumId?: string; role?: MemberRole; regionCode?: string; name?: string } = {},
) {
  const n = next();
  const inst = await db
    .insertInto('institutions')
    .values({
      code: `I${n}`,
      name: o.name ?? `测试医院${n}`,
      shortName: null,
      kind: 'general_hospital',
      level: 'level2',
      grade: 'a',
      regionCode: o.regionCode ?? '320614',
      address: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (o.consortiumId) {
    await db
      .insertInto('memberships')
      .values({
        consortiumId: o.consortiumId,
        institutionId: inst.id,
        role: o.role ?? 'member',
        joinedOn: '2020-01-01',
      })
      .execute();
  }
  return inst;
}

export async function buildDepartment(
  db: Db,
  institutionId: string,
  o: { name?: string; kind?: DepartmentKind } = {},
) {
  return db
    .insertInto('departments')
    .values({ institutionId, name: o.name ?? `科室${next()}`, kind: o.kind ?? 'clinical', phone: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildStaff(
  db: Db,
  institutionId: string,
  o: { departmentId?: string; title?: StaffTitle; phone?: string } = {},
) {
  return db
    .insertInto('staff')
    .values({
      institutionId,
      departmentId: o.departmentId ?? null,
      name: `测试${next()}`,
      sex: 'female',
      title: o.title ?? 'attending_physician',
      specialty: '内科',
      phone: o.phone ?? '13912345678',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildAgreement(db: Db, consortiumId: string, partyIds: string[]) {
  return db
    .insertInto('agreements')
    .values({
      consortiumId,
      title: `合作协议${next()}`,
      parties: JSON.stringify(partyIds.map((id, i) => ({ institutionId: id, name: `甲乙方${i}` }))),
      signedOn: '2022-01-25',
      effectiveOn: '2022-01-25',
      expiresOn: '2032-01-24',
      summary: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Db,
  role: Role,
  o: {
    consortiumId?: string | null;
    institutionId?: string | null;
    regionCode?: string | null;
    username?: string;
  } = {},
) {
  return db
    .insertInto('users')
    .values({
      username: o.username ?? `${role.replace(/_/g, '')}${next()}`,
      displayName: `${role} user`,
      passwordHash: await passwordHash(),
      role,
      consortiumId: o.consortiumId ?? null,
      institutionId: o.institutionId ?? null,
      regionCode: o.regionCode ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A consortium with a lead and a member institution, a department and a staff member at each,
 * an agreement, and one account of every consortium role.
 */
export async function buildWorld(db: Db, regionCode: string) {
  const consortium = await buildConsortium(db, { regionCode });
  const lead = await buildInstitution(db, { consortiumId: consortium.id, role: 'lead', regionCode });
  const member = await buildInstitution(db, { consortiumId: consortium.id, role: 'member', regionCode });
  const leadDept = await buildDepartment(db, lead.id);
  const memberDept = await buildDepartment(db, member.id);
  const leadStaff = await buildStaff(db, lead.id, { departmentId: leadDept.id });
  const memberStaff = await buildStaff(db, member.id, { departmentId: memberDept.id });
  const agreement = await buildAgreement(db, consortium.id, [lead.id, member.id]);
  const membership = await db
    .selectFrom('memberships')
    .selectAll()
    .where('institutionId', '=', member.id)
    .executeTakeFirstOrThrow();
  const scope = { consortiumId: consortium.id, institutionId: member.id };
  const users = {
    consortium_office: await buildUser(db, 'consortium_office', {
      consortiumId: consortium.id,
      institutionId: lead.id,
    }),
    institution_admin: await buildUser(db, 'institution_admin', scope),
    clinician: await buildUser(db, 'clinician', scope),
    dispatched_expert: await buildUser(db, 'dispatched_expert', {
      consortiumId: consortium.id,
      institutionId: lead.id,
    }),
    viewer: await buildUser(db, 'viewer', scope),
    commission_supervisor: await buildUser(db, 'commission_supervisor', { regionCode }),
  };
  return {
    consortium,
    lead,
    member,
    leadDept,
    memberDept,
    leadStaff,
    memberStaff,
    agreement,
    membership,
    users,
  };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;

/** A valid 居民身份证 number for the n-th test patient (born in 1960 + n % 50, 叙永县). */
export function residentId(n: number): { idNumber: string; birthDate: string } {
  const year = 1960 + (n % 50);
  const first17 = `510524${year}0315${String(n % 1000).padStart(3, '0')}`;
  return { idNumber: withCheckDigit(first17), birthDate: `${year}-03-15` };
}

/** An up-referral body from the county to the city hospital, valid as it stands. */
export function referralBody(
  to: { institutionId: string; departmentId?: string },
  n = 1,
  over: Record<string, unknown> = {},
) {
  const { idNumber, birthDate } = residentId(n);
  return {
    direction: 'up',
    urgency: 'routine',
    toInstitutionId: to.institutionId,
    toDepartmentId: to.departmentId ?? null,
    patient: {
      name: `患者${n}`,
      sex: 'male',
      birthDate,
      idType: 'resident_id',
      idNumber,
      phone: '13812345678',
      insuranceNo: `YB${n}`,
    },
    icd10Code: 'I21.9',
    diagnosisName: '急性心肌梗死',
    reason: '需行冠脉介入治疗，本院无条件',
    summary: '胸痛3小时，心电图ST段抬高',
    submit: true,
    ...over,
  };
}

/**
 * The referral world of the reports: 西南医科大学附属医院 (the city lead) and 叙永县人民医院 (the
 * county member), a department at each, and the people who refer, receive, keep duty and run the office.
 */
export async function buildReferralWorld(db: Db, regionCode = '510524') {
  const consortium = await buildConsortium(db, { regionCode });
  const city = await buildInstitution(db, {
    consortiumId: consortium.id,
    role: 'lead',
    regionCode: '510502',
  });
  const county = await buildInstitution(db, { consortiumId: consortium.id, role: 'member', regionCode });
  const cardiology = await buildDepartment(db, city.id, { name: '心血管内科' });
  const countyMedicine = await buildDepartment(db, county.id, { name: '内科' });
  const users = {
    countyDoctor: await buildUser(db, 'clinician', { consortiumId: consortium.id, institutionId: county.id }),
    cityDoctor: await buildUser(db, 'clinician', { consortiumId: consortium.id, institutionId: city.id }),
    cityDoctor2: await buildUser(db, 'clinician', { consortiumId: consortium.id, institutionId: city.id }),
    cityAdmin: await buildUser(db, 'institution_admin', {
      consortiumId: consortium.id,
      institutionId: city.id,
    }),
    countyViewer: await buildUser(db, 'viewer', { consortiumId: consortium.id, institutionId: county.id }),
    office: await buildUser(db, 'consortium_office', { consortiumId: consortium.id, institutionId: city.id }),
  };
  return { consortium, city, county, cardiology, countyMedicine, users };
}
export type ReferralWorld = Awaited<ReturnType<typeof buildReferralWorld>>;

export async function buildSlots(db: Db, w: ReferralWorld, count: number, capacity = 1, date = '2030-01-02') {
  return db
    .insertInto('capacitySlots')
    .values(
      Array.from({ length: count }, (_, i) => ({
        consortiumId: w.consortium.id,
        institutionId: w.city.id,
        departmentId: w.cardiology.id,
        date,
        kind: 'clinic' as const,
        label: `号${i + 1}`,
        capacity,
      })),
    )
    .returningAll()
    .execute();
}
