import { DEMO_PASSWORD, withUsccCheck, type Role, type StaffTitle } from '@yilian/domain';
import { recordAudit } from '../audit/audit.js';
import { systemActor, type Db, type Tx } from '../context.js';
import { hashPassword } from '../modules/auth/password.js';
import chineseDays from 'chinese-days';
import { todayInChina } from '../modules/shared/paginate.js';
import { DEMO_CONSORTIA, DEPARTMENTS, GIVEN, SURNAMES, type DemoInstitution } from './demo-data.js';
import { insertDispatchDemo } from './dispatch-demo.js';
import { insertActivityTrainingDemo } from './activity-training-demo.js';
import { insertCouncilGoalDemo } from './council-goal-demo.js';
import { insertGovernanceDemo } from './governance-demo.js';
import { insertIndicatorDemo } from './indicator-demo.js';

// The demo accounts' password: the shared password rule refuses it outside the demo, and a production
// server (NODE_ENV=production) makes whoever signs in with it choose another first (auth.service.ts).
export { DEMO_PASSWORD };

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  consortium?: string;
  institution?: string;
  regionCode?: string;
  label: string;
}

/** One account per role (and an office for each consortium), listed in the README and at start. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', label: 'platform admin' },
  {
    username: 'nantong.supervisor',
    displayName: '南通市卫健委监管员',
    role: 'commission_supervisor',
    regionCode: '320600',
    label: 'health-commission supervisor, 南通市 (sees 海门 and five generated county consortia of 南通)',
  },
  {
    username: 'haimen.office',
    displayName: '海门医联体办公室',
    role: 'consortium_office',
    consortium: 'HAIMEN-TCM',
    institution: 'HM-TCM',
    label: 'consortium office, 海门市中医院医联体',
  },
  {
    username: 'xiyuan.office',
    displayName: '西苑区域医疗中心办公室',
    role: 'consortium_office',
    consortium: 'XIYUAN-NRMC',
    institution: 'XY-BJ',
    label: 'consortium office, 西苑医院国家区域医疗中心',
  },
  {
    username: 'swmu.office',
    displayName: '西南医大附院医疗集团办公室',
    role: 'consortium_office',
    consortium: 'SWMU-XUYONG',
    institution: 'SWMU-AH',
    label: 'consortium office, 西南医科大学附属医院医疗集团',
  },
  {
    username: 'wmu2.office',
    displayName: '山海提升工程办公室',
    role: 'consortium_office',
    consortium: 'WMU2-QINGTIAN',
    institution: 'WMU-2AH',
    label: 'consortium office, 温医大附二院—青田',
  },
  {
    username: 'haimen.doctor',
    displayName: '海门市中医院会诊中心医师',
    role: 'clinician',
    consortium: 'HAIMEN-TCM',
    institution: 'HM-TCM',
    label: 'clinician, 海门市中医院 (consultation centre)',
  },
  {
    username: 'haimen2.admin',
    displayName: '海门二院信息科',
    role: 'institution_admin',
    consortium: 'HAIMEN-TCM',
    institution: 'HM-PH2',
    label: 'institution admin, 海门市第二人民医院',
  },
  {
    username: 'changle.doctor',
    displayName: '常乐镇卫生院医师',
    role: 'clinician',
    consortium: 'HAIMEN-TCM',
    institution: 'HM-CL',
    label: 'clinician, 海门市常乐镇卫生院',
  },
  {
    username: 'xiyuan.expert',
    displayName: '西苑医院驻晋专家',
    role: 'dispatched_expert',
    consortium: 'XIYUAN-NRMC',
    institution: 'XY-BJ',
    label: 'dispatched expert, 西苑医院 (stationed in 山西)',
  },
  {
    username: 'xuyong.doctor',
    displayName: '叙永县人民医院内科医师',
    role: 'clinician',
    consortium: 'SWMU-XUYONG',
    institution: 'XY-PH',
    label: 'clinician, 叙永县人民医院 (refers up)',
  },
  {
    username: 'swmu.doctor',
    displayName: '西南医大附院心内科医师',
    role: 'clinician',
    consortium: 'SWMU-XUYONG',
    institution: 'SWMU-AH',
    label: 'clinician, 西南医科大学附属医院 (receives)',
  },
  {
    username: 'swmu.admin',
    displayName: '西南医大附院医务部',
    role: 'institution_admin',
    consortium: 'SWMU-XUYONG',
    institution: 'SWMU-AH',
    label: 'institution admin and duty officer, 西南医科大学附属医院',
  },
  {
    username: 'qingtian.viewer',
    displayName: '青田县人民医院查询',
    role: 'viewer',
    consortium: 'WMU2-QINGTIAN',
    institution: 'QT-PH',
    label: 'viewer, 青田县人民医院',
  },
];

const TITLES_BY_KIND: Record<string, StaffTitle[]> = {
  clinical: [
    'chief_physician',
    'associate_chief_physician',
    'attending_physician',
    'attending_physician',
    'resident_physician',
  ],
  medical_technical: [
    'chief_technician',
    'associate_chief_technician',
    'technician_in_charge',
    'attending_physician',
  ],
  functional: ['administrator', 'administrator', 'researcher'],
  nursing: ['chief_nurse', 'associate_chief_nurse', 'nurse_in_charge', 'senior_nurse'],
};
const STAFF_PER_DEPARTMENT: Record<DemoInstitution['size'], number> = { large: 5, medium: 3, small: 2 };

/** A fixed sequence of invented names and phone numbers, so every demo database is the same. */
function* people() {
  let n = 0;
  for (;;) {
    const surname = SURNAMES[(n * 7) % SURNAMES.length]!;
    const given = GIVEN[(n * 11 + Math.floor(n / SURNAMES.length)) % GIVEN.length]!;
    const phone = `139${String(10_000_000 + ((n * 7_919_33) % 89_999_999)).padStart(8, '0')}`;
    yield { name: surname + given, phone, sex: (n % 3 === 0 ? 'female' : 'male') as 'male' | 'female' };
    n++;
  }
}

/**
 * Invented but well-formed identifiers for a demo institution: a 统一社会信用代码 of a public
 * institution (登记管理部门 1, 事业单位 2) in its region with a valid check character, and a
 * 执业许可证登记号 of the common 22-character form. Not any real hospital's.
 */
function demoIdentifiers(inst: DemoInstitution, serial: number) {
  const orgCode = `MB${String(9_000_000 + serial * 37).padStart(7, '0')}`;
  const uscc = withUsccCheck(`12${inst.regionCode}${orgCode}`);
  const level = { level3: '3', level2: '2', level1: '1', unrated: '0' }[inst.level];
  return { uscc, medicalLicenseNo: `${uscc.slice(8, 17)}${inst.regionCode}A${level}11001` };
}

/** An invented 15-digit 医师执业证书编码 for the demo's physicians (others carry none). */
function practitionerIdOf(inst: DemoInstitution, title: StaffTitle, serial: number): string | null {
  if (!title.endsWith('_physician')) return null;
  const category = inst.kind === 'tcm_hospital' ? '12' : '11';
  return `${category}${inst.regionCode}${String(serial).padStart(7, '0')}`;
}

async function insertRegistry(trx: Tx) {
  const institutionIds = new Map<string, string>();
  const consortiumIds = new Map<string, string>();
  const names = people();
  let staffCount = 0;
  let serial = 0;
  let staffSerial = 0;
  for (const c of DEMO_CONSORTIA) {
    const { id: consortiumId } = await trx
      .insertInto('consortia')
      .values({
        code: c.code,
        name: c.name,
        kind: c.kind,
        regionCode: c.regionCode,
        establishedOn: c.establishedOn,
        description: c.description,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    consortiumIds.set(c.code, consortiumId);
    for (const inst of c.institutions) {
      const { id } = await trx
        .insertInto('institutions')
        .values({
          code: inst.code,
          name: inst.name,
          shortName: inst.shortName ?? null,
          kind: inst.kind,
          level: inst.level,
          grade: inst.grade,
          regionCode: inst.regionCode,
          address: null,
          ...demoIdentifiers(inst, ++serial),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      institutionIds.set(inst.code, id);
      await trx
        .insertInto('memberships')
        .values({ consortiumId, institutionId: id, role: inst.role, joinedOn: inst.joinedOn })
        .execute();
      for (const dep of DEPARTMENTS[inst.size]) {
        const { id: departmentId } = await trx
          .insertInto('departments')
          .values({ institutionId: id, name: dep.name, kind: dep.kind, phone: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        const titles = TITLES_BY_KIND[dep.kind]!;
        const rows = Array.from({ length: STAFF_PER_DEPARTMENT[inst.size] }, (_, k) => {
          const person = names.next().value!;
          return {
            institutionId: id,
            departmentId,
            name: person.name,
            sex: person.sex,
            phone: person.phone,
            title: titles[k % titles.length]!,
            specialty: dep.specialty ?? null,
            practitionerId: practitionerIdOf(inst, titles[k % titles.length]!, ++staffSerial),
          };
        });
        await trx.insertInto('staff').values(rows).execute();
        staffCount += rows.length;
      }
    }
    for (const a of c.agreements) {
      const parties = a.parties.map((x) =>
        typeof x === 'string'
          ? { institutionId: institutionIds.get(x)!, name: c.institutions.find((i) => i.code === x)!.name }
          : { institutionId: null, name: x.name },
      );
      await trx
        .insertInto('agreements')
        .values({
          consortiumId,
          title: a.title,
          parties: JSON.stringify(parties),
          signedOn: a.signedOn,
          effectiveOn: a.signedOn,
          expiresOn: a.expiresOn ?? null,
          summary: a.summary,
        })
        .execute();
    }
  }
  return { institutionIds, consortiumIds, staffCount };
}

/**
 * Reserved clinic slots and beds at each lead hospital for the next two weeks of working days,
 * so referrals can be booked from the first start.
 */
async function insertReservedCapacity(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
) {
  const leads = DEMO_CONSORTIA.map((c) => ({
    consortiumId: consortiumIds.get(c.code)!,
    institutionId: institutionIds.get(c.institutions.find((i) => i.role === 'lead')!.code)!,
  }));
  const today = todayInChina();
  const days = Array.from({ length: 14 }, (_, k) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10),
  ).filter((d) => chineseDays.isWorkday(d));
  const rows = [];
  for (const lead of leads) {
    const departments = await trx
      .selectFrom('departments')
      .select(['id', 'name'])
      .where('institutionId', '=', lead.institutionId)
      .where('kind', '=', 'clinical')
      .execute();
    for (const d of departments) {
      for (const date of days) {
        rows.push(
          { ...lead, departmentId: d.id, date, kind: 'clinic' as const, label: '上午专家号', capacity: 3 },
          { ...lead, departmentId: d.id, date, kind: 'clinic' as const, label: '下午专家号', capacity: 3 },
          { ...lead, departmentId: d.id, date, kind: 'bed' as const, label: '转诊预留床位', capacity: 1 },
        );
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('capacitySlots')
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.length;
}

/** Each lead hospital shares a CT and runs an ECG centre for its members. */
async function insertSharedResources(
  trx: Tx,
  consortiumIds: Map<string, string>,
  institutionIds: Map<string, string>,
) {
  const weekdays = JSON.stringify([1, 2, 3, 4, 5]);
  for (const c of DEMO_CONSORTIA) {
    const lead = c.institutions.find((i) => i.role === 'lead')!;
    const common = {
      consortiumId: consortiumIds.get(c.code)!,
      ownerInstitutionId: institutionIds.get(lead.code)!,
      openDays: weekdays,
      bookableInstitutionIds: null,
    };
    await trx
      .insertInto('sharedResources')
      .values([
        {
          ...common,
          type: 'ct',
          name: `${lead.shortName ?? lead.name} 64排螺旋CT`,
          location: '医学影像科',
          openFrom: '08:00',
          openTo: '12:00',
          slotMinutes: 30,
          capacityPerSlot: 2,
        },
        {
          ...common,
          type: 'ecg_center',
          name: `${lead.shortName ?? lead.name} 区域心电诊断中心`,
          location: '心电图室',
          openFrom: '08:00',
          openTo: '17:00',
          slotMinutes: 60,
          capacityPerSlot: 6,
        },
      ])
      .execute();
  }
}

/** Loads the demo data into an empty database, in one transaction with one audit row. */
export async function loadDemoIfEmpty(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('consortia').select('id').limit(1).execute();
  const users = await db.selectFrom('users').select('id').limit(1).execute();
  if (existing.length || users.length) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const { institutionIds, consortiumIds, staffCount } = await insertRegistry(trx);
    await trx
      .insertInto('users')
      .values(
        DEMO_ACCOUNTS.map((a) => ({
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          passwordHash,
          consortiumId: a.consortium ? consortiumIds.get(a.consortium)! : null,
          institutionId: a.institution ? institutionIds.get(a.institution)! : null,
          regionCode: a.regionCode ?? null,
        })),
      )
      .execute();
    const slots = await insertReservedCapacity(trx, consortiumIds, institutionIds);
    await insertSharedResources(trx, consortiumIds, institutionIds);
    await insertDispatchDemo(trx, consortiumIds, institutionIds, todayInChina());
    await insertActivityTrainingDemo(trx); // after dispatch: logs activities on its postings
    await insertCouncilGoalDemo(trx, consortiumIds, institutionIds, todayInChina());
    await insertGovernanceDemo(trx, consortiumIds, institutionIds, todayInChina()); // one meeting and its ledger each
    await insertIndicatorDemo(trx, consortiumIds, institutionIds); // referral history, 南通 consortia, 海门 forms and assessment
    await recordAudit(trx, systemActor, {
      action: 'system.demo_loaded',
      entityType: 'system',
      after: {
        consortia: consortiumIds.size,
        institutions: institutionIds.size,
        staff: staffCount,
        users: DEMO_ACCOUNTS.length,
      },
    });
  });
  return true;
}
