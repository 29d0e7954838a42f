import type { CouncilPosition } from '@yilian/domain';
import type { Db } from '../src/context.js';
import type { World } from './factories.js';

// Council seats written straight to the database, for tests of votes and goals.

export async function buildSeat(
  db: Db,
  w: World,
  user: { id: string; displayName: string; institutionId: string | null },
  position: CouncilPosition,
  term: { start?: string; end?: string | null } = {},
) {
  return db
    .insertInto('councilMembers')
    .values({
      consortiumId: w.consortium.id,
      institutionId: user.institutionId ?? w.lead.id,
      userId: user.id,
      staffId: null,
      name: user.displayName,
      position,
      termStart: term.start ?? '2020-01-01',
      termEnd: term.end ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A council of four in office: the office (chair), the member's administrator, two doctors. */
export async function buildCouncil(db: Db, w: World) {
  return {
    chair: await buildSeat(db, w, w.users.consortium_office, 'chair'),
    vice: await buildSeat(db, w, w.users.institution_admin, 'vice_chair'),
    doctor: await buildSeat(db, w, w.users.clinician, 'member'),
    expert: await buildSeat(db, w, w.users.dispatched_expert, 'member'),
  };
}
