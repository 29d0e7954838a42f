import type { Db } from '../src/context.js';
import { buildConsortium, buildDepartment, buildInstitution, buildUser } from './factories.js';

// The governance world of the reports: 西苑医院 (the lead, with its functional offices) and its
// branch 西苑医院山西医院, with the people who run meetings and work the problem ledger.

export async function buildGovernanceWorld(db: Db, regionCode = '140100') {
  const consortium = await buildConsortium(db, { regionCode });
  const lead = await buildInstitution(db, {
    consortiumId: consortium.id,
    role: 'lead',
    regionCode: '110108',
  });
  const branch = await buildInstitution(db, { consortiumId: consortium.id, role: 'branch', regionCode });
  const medicalAffairs = await buildDepartment(db, lead.id, { name: '医务处', kind: 'functional' });
  const branchMedical = await buildDepartment(db, branch.id, { name: '医务科', kind: 'functional' });
  const branchNursing = await buildDepartment(db, branch.id, { name: '护理部', kind: 'nursing' });
  const at = (institutionId: string) => ({ consortiumId: consortium.id, institutionId });
  const users = {
    office: await buildUser(db, 'consortium_office', at(lead.id)),
    branchAdmin: await buildUser(db, 'institution_admin', at(branch.id)),
    branchDoctor: await buildUser(db, 'clinician', at(branch.id)),
    expert: await buildUser(db, 'dispatched_expert', at(lead.id)),
    viewer: await buildUser(db, 'viewer', at(branch.id)),
  };
  return { consortium, lead, branch, medicalAffairs, branchMedical, branchNursing, users };
}
export type GovernanceWorld = Awaited<ReturnType<typeof buildGovernanceWorld>>;

/** A valid meeting body: a hybrid work-group meeting of the branch, held a week from `now`. */
export function meetingBody(w: GovernanceWorld, over: Record<string, unknown> = {}) {
  return {
    consortiumId: w.consortium.id,
    title: '西苑医院山西医院工作组座谈会',
    kind: 'symposium',
    mode: 'hybrid',
    room: '行政楼三楼会议室',
    link: 'https://meeting.example.cn/j/112833',
    startsAt: '2030-11-28T06:00:00Z',
    endsAt: '2030-11-28T08:00:00Z',
    agenda: [
      { title: '工作组总领队讲话', presenter: '史大卓' },
      { title: '各工作组汇报', presenter: '管理、临床、科研、医技、护理工作组', minutes: 60 },
    ],
    inviteeUserIds: [w.users.branchAdmin.id, w.users.branchDoctor.id, w.users.expert.id],
    ...over,
  };
}

/** A valid problem body (common to the lead and the branch) without an owner yet. */
export function problemBody(w: GovernanceWorld, over: Record<string, unknown> = {}) {
  return {
    title: '职能部门工作目标未分解',
    description: '结合国家要求和建设方案，将具体工作分解到各职能部门',
    category: 'common',
    affectedInstitutionIds: [w.lead.id, w.branch.id],
    priority: 'high',
    ...over,
  };
}
