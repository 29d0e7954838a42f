import { sql } from 'kysely';
import type { CouncilDocumentListQuery, DocumentState, VoteChoice } from '@yilian/domain';
import type { Db, Principal, Tx } from '../../context.js';
import { consortiumVisible } from '../../scope.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { hasAccount, inOfficeOn, positionOrder } from './member.service.js';

// Queries of the council's documents, versions and votes. Scope is part of every document query.

const latest = (col: string) =>
  sql.raw(
    `(select v.${col} from document_versions v where v.document_id = d.id order by v.version_no desc limit 1)`,
  );
const inForce = (col: string) =>
  sql.raw(`(select v.${col} from document_versions v where v.document_id = d.id and v.status = 'in_force')`);

function base(db: Db, p: Principal) {
  return db
    .selectFrom('councilDocuments as d')
    .innerJoin('consortia as c', 'c.id', 'd.consortiumId')
    .where(consortiumVisible(p, 'd.consortiumId'));
}
const kindOrder = sql<number>`array_position(array['charter','implementation_plan','meeting_rule','assessment_method','agreement'], d.kind)`;

function columns<Q extends ReturnType<typeof base>>(qb: Q) {
  return qb.select([
    'd.id',
    'd.consortiumId',
    'c.name as consortiumName',
    'd.kind',
    'd.title',
    sql<DocumentState>`${latest('status')}`.as('status'),
    sql<number>`${latest('version_no')}`.as('latestVersionNo'),
    sql<number | null>`${inForce('version_no')}`.as('inForceVersionNo'),
    sql<string | null>`${inForce('effective_on')}`.as('effectiveOn'),
    'd.createdAt',
    'd.updatedAt',
  ]);
}

export function listDocuments(db: Db, p: Principal, q: CouncilDocumentListQuery) {
  let qb = base(db, p);
  if (q.q) qb = qb.where('d.title', 'ilike', likePattern(q.q));
  if (q.consortiumId) qb = qb.where('d.consortiumId', '=', q.consortiumId);
  if (q.kind) qb = qb.where('d.kind', '=', q.kind);
  if (q.status) qb = qb.where(sql<boolean>`${latest('status')} = ${q.status}`);
  return paginate(qb, q, (b) => columns(b).orderBy(kindOrder).orderBy('d.title'));
}

export function findDocument(db: Db, p: Principal, id: string) {
  return columns(base(db, p)).where('d.id', '=', id).executeTakeFirst();
}
export type DocumentRecord = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

export function versionsOf(db: Db | Tx, documentId: string) {
  return db
    .selectFrom('documentVersions')
    .selectAll()
    .where('documentId', '=', documentId)
    .orderBy('versionNo', 'desc')
    .execute();
}

/** A version within the user's scope, with its document's kind and consortium. */
export function findVersion(db: Db | Tx, p: Principal, id: string) {
  return db
    .selectFrom('documentVersions as v')
    .innerJoin('councilDocuments as d', 'd.id', 'v.documentId')
    .selectAll('v')
    .select(['d.kind', 'd.title'])
    .where('v.id', '=', id)
    .where(consortiumVisible(p, 'v.consortiumId'))
    .executeTakeFirst();
}
export type VersionRecord = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

/** The newest vote of each version given. */
export async function latestVotes(db: Db | Tx, versionIds: string[]) {
  if (!versionIds.length) return [];
  return db
    .selectFrom('documentVotes')
    .selectAll()
    .where('versionId', 'in', versionIds)
    .orderBy('round', 'desc')
    .execute();
}
export type VoteRow = Awaited<ReturnType<typeof latestVotes>>[number];

export function ballotsOf(db: Db | Tx, voteId: string) {
  return db
    .selectFrom('documentBallots as b')
    .innerJoin('councilMembers as cm', 'cm.id', 'b.memberId')
    .select([
      'b.memberId',
      'cm.name',
      'cm.position',
      'b.choice',
      'b.castAt',
      'b.method',
      'b.proxyName',
      'b.recordedBy',
      'b.correctedAt',
    ])
    .where('b.voteId', '=', voteId)
    .orderBy(positionOrder)
    .orderBy('cm.name')
    .execute();
}

/** The voting seats in office on a day: who may vote in a vote opened that day (the roll call). */
export function votersOn(db: Db | Tx, consortiumId: string, date: string) {
  return db
    .selectFrom('councilMembers as cm')
    .innerJoin('institutions as i', 'i.id', 'cm.institutionId')
    .select(['cm.id', 'cm.name', 'i.name as institutionName', 'cm.position', hasAccount.as('hasAccount')])
    .where('cm.consortiumId', '=', consortiumId)
    .where('cm.voting', '=', true)
    .where(inOfficeOn(date))
    .orderBy(positionOrder)
    .orderBy('cm.name')
    .execute();
}

/** Voting members of the council in office on a day: the electorate of a vote opened that day. */
export async function eligibleCount(db: Db | Tx, consortiumId: string, date: string) {
  const row = await db
    .selectFrom('councilMembers as cm')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cm.consortiumId', '=', consortiumId)
    .where('cm.voting', '=', true)
    .where(inOfficeOn(date))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The voting seat the signed-in user holds on a day: by their account, or by their staff record. */
export function seatOf(db: Db | Tx, p: Principal, consortiumId: string, date: string) {
  return db
    .selectFrom('councilMembers as cm')
    .select(['cm.id', 'cm.name'])
    .where('cm.consortiumId', '=', consortiumId)
    .where('cm.voting', '=', true)
    .where(inOfficeOn(date))
    .where((eb) =>
      eb.or([
        eb('cm.userId', '=', p.userId),
        eb('cm.staffId', 'in', eb.selectFrom('users').select('staffId').where('id', '=', p.userId)),
      ]),
    )
    .orderBy('cm.termStart', 'desc')
    .executeTakeFirst();
}

export type Choice = VoteChoice;
