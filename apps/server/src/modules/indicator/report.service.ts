import { sql } from 'kysely';
import {
  SEED_INDICATORS,
  indicatorValue,
  type Indicator,
  type Page,
  type ReportAction,
  type ReportFormDetail,
  type ReportFormGenerate,
  type ReportFormListQuery,
  type ReportForm,
  type ReportFormSave,
  type ReportValueInput,
} from '@yilian/domain';
import { hasPermission, type Actor, type Principal, type Services, type Tx } from '../../context.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { consortiumVisible, managesConsortium } from '../../scope.js';
import { audited } from '../shared/audited.js';
import { likePattern, paginate } from '../shared/paginate.js';
import { indicatorsOf } from './indicator.service.js';
import { allowedReportActions, assertEditable, reportTransition, type ReportSide } from './report.machine.js';
import { entryIssues, submitIssues } from './report-validation.js';

// Forms members report each month or quarter, generated from the indicator library, checked as
// they are entered, and reviewed by the consortium office. A member sees only its own forms.

const INSTITUTION_ROLES = new Set(['institution_admin', 'clinician', 'dispatched_expert', 'viewer']);

function forms(s: Services | { db: Tx }, p: Principal) {
  let qb = s.db
    .selectFrom('reportForms as rf')
    .innerJoin('institutions as i', 'i.id', 'rf.institutionId')
    .where(consortiumVisible(p, 'rf.consortiumId'));
  if (INSTITUTION_ROLES.has(p.role)) qb = qb.where('rf.institutionId', '=', p.institutionId ?? '');
  return qb;
}

const columns = [
  'rf.id',
  'rf.consortiumId',
  'rf.institutionId',
  'i.name as institutionName',
  'rf.period',
  'rf.state',
  'rf.submittedAt',
  'rf.submittedBy',
  'rf.reviewedAt',
  'rf.reviewedBy',
  'rf.reviewComment',
  'rf.updatedAt',
] as const;

const reportedOf = (all: Indicator[]) => all.filter((d) => d.source === 'reported');
const libraryReported = SEED_INDICATORS.filter((d) => d.source === 'reported').length;

export async function list(s: Services, p: Principal, q: ReportFormListQuery): Promise<Page<ReportForm>> {
  let qb = forms(s, p);
  if (q.consortiumId) qb = qb.where('rf.consortiumId', '=', q.consortiumId);
  if (q.institutionId) qb = qb.where('rf.institutionId', '=', q.institutionId);
  if (q.period) qb = qb.where('rf.period', '=', q.period);
  if (q.state) qb = qb.where('rf.state', '=', q.state);
  if (q.q) qb = qb.where('i.name', 'ilike', likePattern(q.q));
  const page = await paginate(qb, q, (b) =>
    b
      .select(columns)
      .select([
        sql<number>`(select count(*)::int from report_values rv where rv.form_id = rf.id and rv.numerator is not null)`.as(
          'filled',
        ),
        sql<number>`(select count(*)::int from custom_indicators ci where ci.consortium_id = rf.consortium_id) + ${libraryReported}::int`.as(
          'total',
        ),
      ])
      .orderBy('rf.period', 'desc')
      .orderBy('i.name'),
  );
  return page;
}

function sidesOf(p: Principal, form: { consortiumId: string; institutionId: string }): Set<ReportSide> {
  const sides = new Set<ReportSide>();
  const ownInstitution = p.institutionId === form.institutionId && hasPermission(p, 'indicator.report');
  if (ownInstitution || p.role === 'platform_admin') sides.add('reporter');
  if (managesConsortium(p, form.consortiumId)) sides.add('reviewer');
  return sides;
}

async function load(s: Services | { db: Tx }, p: Principal, id: string) {
  const row = await forms(s, p).select(columns).where('rf.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('report form');
  return row;
}

/** The last approved values of the same institution before `period`, of the same period kind. */
async function previousValues(
  db: Services['db'] | Tx,
  form: { consortiumId: string; institutionId: string; period: string },
  defs: Indicator[],
) {
  const quarter = form.period.includes('Q');
  const prev = await db
    .selectFrom('reportForms')
    .select(['id', 'period'])
    .where('consortiumId', '=', form.consortiumId)
    .where('institutionId', '=', form.institutionId)
    .where('state', '=', 'approved')
    .where('period', '<', form.period)
    .where('period', quarter ? 'like' : 'not like', '%Q%')
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  const out = new Map<string, number>();
  if (!prev) return out;
  const rows = await db.selectFrom('reportValues').selectAll().where('formId', '=', prev.id).execute();
  for (const r of rows) {
    const def = defs.find((d) => d.code === r.code);
    const v = def ? indicatorValue(def, r.numerator, r.denominator) : null;
    if (v !== null) out.set(r.code, v);
  }
  return out;
}

export async function get(
  s: Services,
  p: Principal,
  id: string,
): Promise<ReportFormDetail & { actions: ReportAction[] }> {
  const form = await load(s, p, id);
  const defs = reportedOf(await indicatorsOf(s.db, form.consortiumId));
  const [rows, previous] = await Promise.all([
    s.db.selectFrom('reportValues').selectAll().where('formId', '=', id).execute(),
    previousValues(s.db, form, defs),
  ]);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const values = defs.map((d) => {
    const r = byCode.get(d.code);
    const numerator = r?.numerator ?? null;
    const denominator = r?.denominator ?? null;
    return {
      code: d.code,
      numerator,
      denominator,
      value: indicatorValue(d, numerator, denominator),
      note: r?.note ?? null,
      previousValue: previous.get(d.code) ?? null,
    };
  });
  const filled = values.filter((v) => v.numerator !== null).length;
  return {
    ...form,
    values,
    filled,
    total: defs.length,
    actions: allowedReportActions(form.state, sidesOf(p, form)),
  };
}

export async function generate(s: Services, p: Principal, actor: Actor, body: ReportFormGenerate) {
  if (!managesConsortium(p, body.consortiumId)) {
    const seen = await s.db
      .selectFrom('consortia')
      .select('id')
      .where('id', '=', body.consortiumId)
      .where(consortiumVisible(p, 'id'))
      .executeTakeFirst();
    if (!seen) throw invalid('consortiumId', 'no such consortium');
    throw forbidden();
  }
  return audited(s, actor, async (trx) => {
    const members = await trx
      .selectFrom('memberships')
      .select('institutionId')
      .where('consortiumId', '=', body.consortiumId)
      .where('leftOn', 'is', null)
      .execute();
    const created = members.length
      ? await trx
          .insertInto('reportForms')
          .values(
            members.map((m) => ({
              consortiumId: body.consortiumId,
              institutionId: m.institutionId,
              period: body.period,
            })),
          )
          .onConflict((oc) => oc.columns(['consortiumId', 'institutionId', 'period']).doNothing())
          .returning('id')
          .execute()
      : [];
    const result = { created: created.length, existing: members.length - created.length };
    return {
      result,
      event: {
        action: 'report.generated',
        entityType: 'report_form',
        consortiumId: body.consortiumId,
        after: { period: body.period, ...result },
      },
    };
  });
}

/** Saves entered values; every value is checked against its indicator and the last approved period. */
export async function save(s: Services, p: Principal, actor: Actor, id: string, body: ReportFormSave) {
  const form = await load(s, p, id);
  if (!sidesOf(p, form).has('reporter')) throw forbidden();
  assertEditable(form.state);
  const defs = reportedOf(await indicatorsOf(s.db, form.consortiumId));
  const previous = await previousValues(s.db, form, defs);
  const issues = body.values.flatMap((v, i) => {
    const def = defs.find((d) => d.code === v.code);
    if (!def) return [{ field: `values.${i}.code`, message: 'is not an indicator of this form' }];
    return entryIssues(def, v, `values.${i}`, previous.get(v.code) ?? null);
  });
  if (issues.length)
    throw new AppError('validation_failed', issues[0]!.field + ': ' + issues[0]!.message, issues);
  await audited(s, actor, async (trx) => {
    const locked = await trx
      .selectFrom('reportForms')
      .select('state')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    assertEditable(locked.state); // a review may have landed since the form was read
    const before = await trx
      .selectFrom('reportValues')
      .selectAll()
      .where('formId', '=', id)
      .where('code', 'in', body.values.map((v) => v.code).concat(['']))
      .execute();
    for (const v of body.values) {
      const row = { numerator: v.numerator, denominator: v.denominator ?? null, note: v.note ?? null };
      await trx
        .insertInto('reportValues')
        .values({ formId: id, consortiumId: form.consortiumId, code: v.code, ...row })
        .onConflict((oc) => oc.columns(['formId', 'code']).doUpdateSet(row))
        .execute();
    }
    await trx
      .updateTable('reportForms')
      .set({ updatedAt: s.now().toISOString() })
      .where('id', '=', id)
      .execute();
    return {
      result: undefined,
      event: {
        action: 'report.saved',
        entityType: 'report_form',
        entityId: id,
        consortiumId: form.consortiumId,
        institutionId: form.institutionId,
        before: before.map(({ code, numerator, denominator, note }) => ({
          code,
          numerator,
          denominator,
          note,
        })),
        after: body.values,
      },
    };
  });
  return get(s, p, id);
}

export async function act(
  s: Services,
  p: Principal,
  actor: Actor,
  id: string,
  action: ReportAction,
  comment?: string | null,
) {
  const form = await load(s, p, id);
  const t = reportTransition(action, form.state);
  if (!sidesOf(p, form).has(t.side)) throw forbidden();
  if (action === 'return' && !comment) throw invalid('comment', 'say what the member should change');
  if (action === 'submit') {
    const detail = await get(s, p, id);
    const defs = reportedOf(await indicatorsOf(s.db, form.consortiumId));
    const values = new Map<string, ReportValueInput>(detail.values.map((v) => [v.code, v]));
    const issues = submitIssues(defs, values);
    if (issues.length)
      throw new AppError('validation_failed', `${issues.length} indicators are empty`, issues);
  }
  const now = s.now().toISOString();
  await audited(s, actor, async (trx) => {
    const moved = await trx
      .updateTable('reportForms')
      .set({
        state: t.to,
        updatedAt: now,
        ...(action === 'submit'
          ? { submittedAt: now, submittedBy: p.displayName }
          : { reviewedAt: now, reviewedBy: p.displayName, reviewComment: comment ?? null }),
      })
      .where('id', '=', id)
      .where('state', '=', form.state) // two reviewers at once: one wins, the other gets 409
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) reportTransition(action, t.to);
    return {
      result: undefined,
      event: {
        action: `report.${t.to}` as 'report.submitted',
        entityType: 'report_form',
        entityId: id,
        consortiumId: form.consortiumId,
        institutionId: form.institutionId,
        before: { state: form.state },
        after: { state: t.to, comment: comment ?? null },
      },
    };
  });
  return get(s, p, id);
}
