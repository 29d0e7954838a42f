import type { VoteChoice, VoteTally } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
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
} from './council.repository.js';
import { documentTransition, tally } from './document.machine.js';
import { inOfficeOn } from './member.service.js';
import { ruleFor } from './vote-rules.service.js';

// Votes of the council on a document version. The members in office on the day the vote opens
// may vote, once each, and change their vote until it closes. Closing computes the outcome under
// the rule copied when the vote opened: a passed version comes into force and supersedes the
// version in force before it; a failed one returns to draft.

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
    ballots,
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
    // Each seat in office with an account (its own, or its staff record's) is asked to vote.
    const voters = await trx
      .selectFrom('councilMembers as cm')
      .leftJoin('users as u', (j) =>
        j.on((eb) =>
          eb.or([eb('u.id', '=', eb.ref('cm.userId')), eb('u.staffId', '=', eb.ref('cm.staffId'))]),
        ),
      )
      .select('u.id')
      .where('cm.consortiumId', '=', v.consortiumId)
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

export async function closeVote(s: Services, p: Principal, actor: Actor, id: string) {
  await s.db.transaction().execute(async (trx) => {
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
  });
}

/** A council member in office on the vote's day votes, or changes their vote. */
export async function cast(s: Services, p: Principal, actor: Actor, id: string, choice: VoteChoice) {
  await s.db.transaction().execute(async (trx) => {
    const v = await lockVersion(trx, p, id, false);
    if (v.status !== 'voting') throw conflict(`the vote on this version is not open (it is ${v.status})`);
    const vote = await trx
      .selectFrom('documentVotes')
      .selectAll()
      .where('versionId', '=', id)
      .where('closedAt', 'is', null)
      .executeTakeFirstOrThrow();
    const seat = await seatOf(trx, p, v.consortiumId, vote.officeDate);
    if (!seat) throw forbidden('Only members of the council in office when the vote opened may vote');
    const before = await trx
      .selectFrom('documentBallots')
      .select('choice')
      .where('voteId', '=', vote.id)
      .where('memberId', '=', seat.id)
      .executeTakeFirst();
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
