import type { BallotRecord, VoteChoice, VoteOutcome, VoteTally } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { notify } from '../notification/notify.js';
import { todayInChina } from '../shared/paginate.js';
import {
  ballotsOf,
  eligibleCount,
  findVersion,
  seatOf,
  type VersionRecord,
  type VoteRow,
  votersOn,
} from './council.repository.js';
import { documentTransition, tally } from './document.machine.js';
import { inOfficeOn } from './member.service.js';
import { ruleFor } from './vote-rules.service.js';

// Votes of the council on a document version. The voting seats in office on the day the vote
// opens may vote, one ballot per seat however it came: online by a member with an account (who may
// change it until the vote closes), or recorded in the room by the secretary (the office, with
// council.manage), on the member's behalf by a proxy if need be; the secretary corrects a recorded
// ballot with a reason, audited. Closing computes the outcome under the rule copied when the vote
// opened: passed (通过) brings the version into force and supersedes the one before it; rejected
// (未通过) or no quorum (未达法定人数) returns it to draft.

const ruleOf = (v: VoteRow) => ({
  quorumNum: v.quorumNum,
  quorumDen: v.quorumDen,
  passNum: v.passNum,
  passDen: v.passDen,
  passStrict: v.passStrict,
});

async function counts(db: Db | Tx, v: VoteRow) {
  const ballots = await ballotsOf(db, v.id);
  const n = (c: VoteChoice) => ballots.filter((b) => b.choice === c).length;
  const eligible = v.eligible ?? (await eligibleCount(db, v.consortiumId, v.officeDate));
  return { ballots, count: { eligible, for: n('for'), against: n('against'), abstain: n('abstain') } };
}

export async function presentVote(db: Db, p: Principal, v: VoteRow): Promise<VoteTally> {
  const { ballots, count } = await counts(db, v);
  const t = tally(ruleOf(v), count);
  const seat = await seatOf(db, p, v.consortiumId, v.officeDate);
  const mine = seat ? ballots.find((b) => b.memberId === seat.id) : undefined;
  const roll = (await votersOn(db, v.consortiumId, v.officeDate)).map((m) => {
    const b = ballots.find((x) => x.memberId === m.id);
    return {
      memberId: m.id,
      name: m.name,
      institutionName: m.institutionName,
      position: m.position,
      hasAccount: m.hasAccount,
      choice: b?.choice ?? null,
      method: b?.method ?? null,
    };
  });
  return {
    voteId: v.id,
    openedAt: v.openedAt,
    closedAt: v.closedAt,
    rule: ruleOf(v),
    ...count,
    cast: t.cast,
    quorumReached: t.quorumReached,
    passing: v.outcome ? v.outcome === 'passed' : t.passing,
    outcome: v.outcome,
    myMemberId: seat?.id ?? null,
    myChoice: mine?.choice ?? null,
    myMethod: mine?.method ?? null,
    ballots,
    roll,
  };
}

/** The version, locked for the change, within scope (404) and managed by the user (403). */
async function lockVersion(trx: Tx, p: Principal, id: string, manage: boolean): Promise<VersionRecord> {
  const v = await findVersion(trx, p, id);
  if (!v) throw notFound('document version');
  if (manage && !managesConsortium(p, v.consortiumId)) throw forbidden();
  await trx.selectFrom('documentVersions').select('id').where('id', '=', id).forUpdate().execute();
  return (await findVersion(trx, p, id))!;
}

export async function openVote(s: Services, p: Principal, actor: Actor, id: string) {
  await s.db.transaction().execute(async (trx) => {
    const v = await lockVersion(trx, p, id, true);
    documentTransition('open_vote', v.status);
    const now = s.now();
    const officeDate = todayInChina(now);
    if ((await eligibleCount(trx, v.consortiumId, officeDate)) === 0)
      throw conflict('the council has no members in office to vote');
    const rule = await ruleFor(trx, v.consortiumId, v.kind);
    const earlier = await trx
      .selectFrom('documentVotes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('versionId', '=', id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('documentVotes')
      .values({
        consortiumId: v.consortiumId,
        versionId: id,
        round: Number(earlier.n) + 1,
        openedAt: now.toISOString(),
        openedBy: actor.username ?? 'system',
        officeDate,
        ...rule,
      })
      .execute();
    await trx
      .updateTable('documentVersions')
      .set({ status: 'voting', updatedAt: now.toISOString() })
      .where('id', '=', id)
      .execute();
    // Each voting seat in office with an account (its own, or its staff record's) is asked to vote.
    const voters = await trx
      .selectFrom('councilMembers as cm')
      .leftJoin('users as u', (j) =>
        j.on((eb) =>
          eb.or([eb('u.id', '=', eb.ref('cm.userId')), eb('u.staffId', '=', eb.ref('cm.staffId'))]),
        ),
      )
      .select('u.id')
      .where('cm.consortiumId', '=', v.consortiumId)
      .where('cm.voting', '=', true)
      .where(inOfficeOn(officeDate))
      .where('u.disabled', '=', false)
      .execute();
    await notify(
      trx,
      voters.map((x) => x.id).filter((x): x is string => !!x),
      {
        kind: 'council.vote_opened',
        title: `《${v.title}》第 ${v.versionNo} 版已提交理事会表决，请投票`,
        consortiumId: v.consortiumId,
      },
    );
    await recordAudit(trx, actor, {
      action: 'document_version.open_vote',
      entityType: 'document_version',
      entityId: id,
      consortiumId: v.consortiumId,
      before: { status: v.status },
      after: { status: 'voting', rule, officeDate },
    });
  });
}

/** Closes the vote; answers its outcome, which the office is told in words (通过 / 未通过 / 未达法定人数). */
export async function closeVote(s: Services, p: Principal, actor: Actor, id: string): Promise<VoteOutcome> {
  return s.db.transaction().execute(async (trx) => {
    const v = await lockVersion(trx, p, id, true);
    documentTransition('close_vote', v.status);
    const vote = await trx
      .selectFrom('documentVotes')
      .selectAll()
      .where('versionId', '=', id)
      .where('closedAt', 'is', null)
      .executeTakeFirstOrThrow();
    const { count } = await counts(trx, vote);
    const t = tally(ruleOf(vote), count);
    const now = s.now().toISOString();
    const today = todayInChina(s.now());
    await trx
      .updateTable('documentVotes')
      .set({
        closedAt: now,
        closedBy: actor.username ?? 'system',
        eligible: count.eligible,
        votesFor: count.for,
        votesAgainst: count.against,
        votesAbstain: count.abstain,
        outcome: t.outcome,
      })
      .where('id', '=', vote.id)
      .execute();
    if (t.passing) {
      // The version in force until now gives way first: one in force per document (unique index).
      const previous = await trx
        .updateTable('documentVersions')
        .set({ status: 'superseded', supersededOn: today, updatedAt: now })
        .where('documentId', '=', v.documentId)
        .where('status', '=', 'in_force')
        .returning(['id', 'versionNo'])
        .executeTakeFirst();
      if (previous)
        await recordAudit(trx, actor, {
          action: 'document_version.superseded',
          entityType: 'document_version',
          entityId: previous.id,
          consortiumId: v.consortiumId,
          before: { status: 'in_force' },
          after: { status: 'superseded', by: v.versionNo, supersededOn: today },
        });
    }
    const status = t.passing ? 'in_force' : 'draft';
    await trx
      .updateTable('documentVersions')
      .set({ status, effectiveOn: t.passing ? today : null, updatedAt: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'document_version.close_vote',
      entityType: 'document_version',
      entityId: id,
      consortiumId: v.consortiumId,
      before: { status: 'voting' },
      after: { status, outcome: t.outcome, ...count },
    });
    return t.outcome;
  });
}

/** The open vote on a version (409 when none). */
async function openVoteOf(trx: Tx, v: VersionRecord) {
  if (v.status !== 'voting') throw conflict(`the vote on this version is not open (it is ${v.status})`);
  return trx
    .selectFrom('documentVotes')
    .selectAll()
    .where('versionId', '=', v.id)
    .where('closedAt', 'is', null)
    .executeTakeFirstOrThrow();
}

/** A council member in office on the vote's day votes, or changes their vote. */
export async function cast(s: Services, p: Principal, actor: Actor, id: string, choice: VoteChoice) {
  await s.db.transaction().execute(async (trx) => {
    const v = await lockVersion(trx, p, id, false);
    const vote = await openVoteOf(trx, v);
    const seat = await seatOf(trx, p, v.consortiumId, vote.officeDate);
    if (!seat) throw forbidden('Only voting members of the council in office when the vote opened may vote');
    const before = await trx
      .selectFrom('documentBallots')
      .select(['choice', 'method'])
      .where('voteId', '=', vote.id)
      .where('memberId', '=', seat.id)
      .executeTakeFirst();
    // One ballot per seat: the one recorded in the room stands until the secretary corrects it.
    if (before?.method === 'in_room')
      throw new AppError(
        'conflict',
        'Your ballot was recorded in the meeting; the secretary corrects it if need be',
        [{ field: 'choice', message: 'was recorded in the meeting' }],
      );
    const at = s.now().toISOString();
    await trx
      .insertInto('documentBallots')
      .values({
        voteId: vote.id,
        consortiumId: v.consortiumId,
        memberId: seat.id,
        choice,
        castById: p.userId,
        castAt: at,
        method: 'online',
      })
      .onConflict((oc) =>
        oc.columns(['voteId', 'memberId']).doUpdateSet({ choice, castById: p.userId, castAt: at }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'document_vote.cast',
      entityType: 'document_version',
      entityId: id,
      consortiumId: v.consortiumId,
      before: before ? { memberId: seat.id, choice: before.choice } : null,
      after: { memberId: seat.id, member: seat.name, choice },
    });
  });
}

/**
 * The secretary records a ballot cast in the room for a voting seat in office on the vote's day,
 * whether or not its member has an account; a proxy (委托) may have voted on the member's behalf.
 * A seat that already has a ballot (online or recorded) is corrected: the reason is required, and
 * the audit row keeps the ballot before and after.
 */
export async function recordBallot(s: Services, p: Principal, actor: Actor, id: string, body: BallotRecord) {
  await s.db.transaction().execute(async (trx) => {
    const v = await lockVersion(trx, p, id, true);
    const vote = await openVoteOf(trx, v);
    const seat = (await votersOn(trx, v.consortiumId, vote.officeDate)).find((m) => m.id === body.memberId);
    if (!seat) {
      const known = await trx
        .selectFrom('councilMembers')
        .select('voting')
        .where('id', '=', body.memberId)
        .where('consortiumId', '=', v.consortiumId)
        .executeTakeFirst();
      throw invalid(
        'memberId',
        known && !known.voting
          ? 'is a non-voting seat (secretary or sitting in)'
          : 'is not a voting member of the council in office when the vote opened',
      );
    }
    const before = await trx
      .selectFrom('documentBallots')
      .select(['choice', 'method', 'proxyName'])
      .where('voteId', '=', vote.id)
      .where('memberId', '=', seat.id)
      .executeTakeFirst();
    if (before && !body.reason) throw invalid('reason', 'is required to correct a ballot already recorded');
    const at = s.now().toISOString();
    const values = {
      choice: body.choice,
      method: 'in_room' as const,
      proxyName: body.proxyName ?? null,
      recordedBy: actor.username ?? 'system',
      castById: p.userId,
    };
    if (before)
      await trx
        .updateTable('documentBallots')
        .set({ ...values, correctedAt: at })
        .where('voteId', '=', vote.id)
        .where('memberId', '=', seat.id)
        .execute();
    else
      await trx
        .insertInto('documentBallots')
        .values({ voteId: vote.id, consortiumId: v.consortiumId, memberId: seat.id, castAt: at, ...values })
        .execute();
    await recordAudit(trx, actor, {
      action: before ? 'document_vote.corrected' : 'document_vote.recorded',
      entityType: 'document_version',
      entityId: id,
      consortiumId: v.consortiumId,
      before: before ? { memberId: seat.id, ...before } : null,
      after: {
        memberId: seat.id,
        member: seat.name,
        choice: body.choice,
        method: 'in_room',
        proxyName: body.proxyName ?? null,
        ...(before ? { reason: body.reason } : {}),
      },
    });
  });
}
