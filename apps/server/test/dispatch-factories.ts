import type { Db } from '../src/context.js';
import { buildConsortium, buildDepartment, buildInstitution, buildStaff, buildUser } from './factories.js';

// A consortium for expert dispatch: a lead hospital that sends experts (two departments, staff of
// several titles) and two county sites that host them, with one account of each role that acts.

export async function buildDispatchWorld(db: Db, regionCode = '320600') {
  const consortium = await buildConsortium(db, { regionCode });
  const lead = await buildInstitution(db, {
    consortiumId: consortium.id,
    role: 'lead',
    regionCode,
    name: `派出医院${regionCode}`,
  });
  const hostA = await buildInstitution(db, {
    consortiumId: consortium.id,
    regionCode,
    name: `驻点甲${regionCode}`,
  });
  const hostB = await buildInstitution(db, {
    consortiumId: consortium.id,
    regionCode,
    name: `驻点乙${regionCode}`,
  });
  const cardio = await buildDepartment(db, lead.id, { name: '心内科' });
  const surgery = await buildDepartment(db, lead.id, { name: '普外科' });
  const chief = await buildStaff(db, lead.id, { departmentId: cardio.id, title: 'chief_physician' });
  const associate = await buildStaff(db, lead.id, {
    departmentId: cardio.id,
    title: 'associate_chief_physician',
  });
  const attending = await buildStaff(db, lead.id, { departmentId: surgery.id, title: 'attending_physician' });
  const manager = await buildStaff(db, lead.id, { title: 'administrator' });
  const hostStaff = await buildStaff(db, hostA.id);
  const users = {
    office: await buildUser(db, 'consortium_office', { consortiumId: consortium.id, institutionId: lead.id }),
    leadAdmin: await buildUser(db, 'institution_admin', {
      consortiumId: consortium.id,
      institutionId: lead.id,
    }),
    hostAdmin: await buildUser(db, 'institution_admin', {
      consortiumId: consortium.id,
      institutionId: hostA.id,
    }),
    hostClinician: await buildUser(db, 'clinician', { consortiumId: consortium.id, institutionId: hostA.id }),
    otherHostAdmin: await buildUser(db, 'institution_admin', {
      consortiumId: consortium.id,
      institutionId: hostB.id,
    }),
  };
  return {
    consortium,
    lead,
    hostA,
    hostB,
    cardio,
    surgery,
    staff: { chief, associate, attending, manager, hostStaff },
    users,
  };
}
export type DispatchWorld = Awaited<ReturnType<typeof buildDispatchWorld>>;
