import type { CouncilPosition, DocumentKind, DocumentState } from '@yilian/domain';
import type { Db } from '../src/context.js';
import type { World } from './factories.js';

// Council seats and documents written straight to the database, for tests of votes, goals and
// meetings that follow a rule.

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

/** A council document with one version in the state given: by default a meeting rule in force. */
export async function buildCouncilDocument(
  db: Db,
  consortiumId: string,
  o: { kind?: DocumentKind; title?: string; status?: DocumentState } = {},
) {
  const status = o.status ?? 'in_force';
  const doc = await db
    .insertInto('councilDocuments')
    .values({ consortiumId, kind: o.kind ?? 'meeting_rule', title: o.title ?? '医联体例会制度（试行）' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('documentVersions')
    .values({
      consortiumId,
      documentId: doc.id,
      versionNo: 1,
      status,
      body: '每季度召开一次例会',
      note: null,
      effectiveOn: status === 'in_force' ? '2020-01-01' : null,
      createdBy: 'factory',
    })
    .execute();
  return doc;
}
