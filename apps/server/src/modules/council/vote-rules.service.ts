import {
  DEFAULT_VOTE_RULES,
  DOCUMENT_KINDS,
  type DocumentKind,
  type VoteRule,
  type VoteRuleUpdate,
} from '@yilian/domain';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { invalid, notFound } from '../../errors.js';
import { managesConsortium } from '../../scope.js';
import { audited } from '../shared/audited.js';
import { visibleConsortium } from './scope.js';

// The quorum and majority each kind of document needs in a consortium: the consortium's own rule
// when it set one, the default of the kind otherwise. A vote copies the rule when it opens.

export async function ruleFor(db: Db | Tx, consortiumId: string, kind: DocumentKind): Promise<VoteRule> {
  const row = await db
    .selectFrom('councilVoteRules')
    .select(['quorumNum', 'quorumDen', 'passNum', 'passDen', 'passStrict'])
    .where('consortiumId', '=', consortiumId)
    .where('documentKind', '=', kind)
    .executeTakeFirst();
  return row ?? DEFAULT_VOTE_RULES[kind];
}

/** The consortium a request is about: the one named, or the user's own. */
export async function consortiumOf(s: Services, p: Principal, consortiumId: string | undefined) {
  const cid = consortiumId ?? p.consortiumId;
  if (!cid) throw invalid('consortiumId', 'is required');
  if (!(await visibleConsortium(s, p, cid))) throw notFound('consortium');
  return cid;
}

export async function list(s: Services, p: Principal, consortiumId: string | undefined) {
  const cid = await consortiumOf(s, p, consortiumId);
  const rows = await s.db
    .selectFrom('councilVoteRules')
    .selectAll()
    .where('consortiumId', '=', cid)
    .execute();
  return DOCUMENT_KINDS.map((kind) => {
    const own = rows.find((r) => r.documentKind === kind);
    const rule = own
      ? {
          quorumNum: own.quorumNum,
          quorumDen: own.quorumDen,
          passNum: own.passNum,
          passDen: own.passDen,
          passStrict: own.passStrict,
        }
      : DEFAULT_VOTE_RULES[kind];
    return { kind, rule, custom: !!own };
  });
}

export async function update(s: Services, p: Principal, actor: Actor, body: VoteRuleUpdate) {
  if (!managesConsortium(p, body.consortiumId)) throw invalid('consortiumId', 'not a consortium you manage');
  const before = await ruleFor(s.db, body.consortiumId, body.kind);
  await audited(s, actor, async (trx) => {
    await trx
      .insertInto('councilVoteRules')
      .values({ consortiumId: body.consortiumId, documentKind: body.kind, ...body.rule })
      .onConflict((oc) =>
        oc
          .columns(['consortiumId', 'documentKind'])
          .doUpdateSet({ ...body.rule, updatedAt: s.now().toISOString() }),
      )
      .execute();
    return {
      result: null,
      event: {
        action: 'council_vote_rule.updated',
        entityType: 'council_vote_rule',
        entityId: null,
        consortiumId: body.consortiumId,
        before: { kind: body.kind, ...before },
        after: { kind: body.kind, ...body.rule },
      },
    };
  });
  return list(s, p, body.consortiumId);
}
