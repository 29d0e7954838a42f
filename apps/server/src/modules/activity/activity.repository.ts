import { sql, type SelectQueryBuilder } from 'kysely';
import {
  ACTIVITY_KINDS,
  type ActivityGrouping,
  type ActivityKind,
  type ActivitySummaryRow,
} from '@yilian/domain';
import type { Db, Principal } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { consortiumVisible, twoPartyVisible } from '../../scope.js';
import { likePattern } from '../shared/paginate.js';

// Queries of the activity log. An entry is seen by the expert's own institution and the host
// site (the two parties), and through its consortium by the office, supervisors and admins.

export function activityBase(db: Db, p: Principal) {
  return db
    .selectFrom('expertActivities as a')
    .innerJoin('staff as st', 'st.id', 'a.staffId')
    .innerJoin('institutions as hi', 'hi.id', 'a.hostInstitutionId')
    .innerJoin('dispatchBatches as b', 'b.id', 'a.batchId')
    .where(twoPartyVisible(p, 'a.consortiumId', 'a.hostInstitutionId', 'a.homeInstitutionId'));
}
type Base = ReturnType<typeof activityBase>;
type AnyBase = SelectQueryBuilder<
  DB & { a: DB['expertActivities']; st: DB['staff']; hi: DB['institutions']; b: DB['dispatchBatches'] },
  'a' | 'st' | 'hi' | 'b',
  object
>;

export const activityColumns = [
  'a.id',
  'a.consortiumId',
  'a.postingId',
  'a.batchId',
  'b.name as batchName',
  'a.staffId',
  'st.name as staffName',
  'a.homeInstitutionId',
  'a.hostInstitutionId',
  'hi.name as hostInstitutionName',
  'a.kind',
  'a.activityDate',
  'a.count',
  'a.procedureName',
  'a.topic',
  'a.note',
  'a.recordedById',
  'a.recordedBy',
  'a.createdAt',
  'a.updatedAt',
] as const;
/** One entry as the queries above return it (with the names joined). */
export interface ActivityRow {
  id: string;
  consortiumId: string;
  postingId: string;
  batchId: string;
  batchName: string;
  staffId: string;
  staffName: string;
  homeInstitutionId: string;
  hostInstitutionId: string;
  hostInstitutionName: string;
  kind: ActivityKind;
  activityDate: string;
  count: number;
  procedureName: string | null;
  topic: string | null;
  note: string | null;
  recordedById: string | null;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ActivityFilters {
  q?: string;
  kind?: ActivityKind;
  hostInstitutionId?: string;
  batchId?: string;
  staffId?: string;
  consortiumId?: string;
  from?: string;
  to?: string;
  mine?: 'true' | 'false';
}

/** The list's and the summary's filters; `mine` keeps the entries the signed-in user logged. */
export function filtered<Q extends AnyBase | Base>(qb: Q, f: ActivityFilters, userId: string): Q {
  let b = qb as unknown as Base;
  if (f.kind) b = b.where('a.kind', '=', f.kind);
  if (f.hostInstitutionId) b = b.where('a.hostInstitutionId', '=', f.hostInstitutionId);
  if (f.batchId) b = b.where('a.batchId', '=', f.batchId);
  if (f.staffId) b = b.where('a.staffId', '=', f.staffId);
  if (f.consortiumId) b = b.where('a.consortiumId', '=', f.consortiumId);
  if (f.from) b = b.where('a.activityDate', '>=', f.from);
  if (f.to) b = b.where('a.activityDate', '<=', f.to);
  if (f.mine === 'true') b = b.where('a.recordedById', '=', userId);
  if (f.q) {
    const like = likePattern(f.q);
    b = b.where((eb) =>
      eb.or([
        eb('st.name', 'ilike', like),
        eb('a.procedureName', 'ilike', like),
        eb('a.topic', 'ilike', like),
      ]),
    );
  }
  return b as unknown as Q;
}

const GROUP_KEY = {
  expert: { key: sql<string>`a.staff_id::text`, label: sql<string>`st.name` },
  site: { key: sql<string>`a.host_institution_id::text`, label: sql<string>`hi.name` },
  batch: { key: sql<string>`a.batch_id::text`, label: sql<string>`b.name` },
  month: {
    key: sql<string>`to_char(a.activity_date, 'YYYY-MM')`,
    label: sql<string>`to_char(a.activity_date, 'YYYY-MM')`,
  },
  quarter: {
    key: sql<string>`to_char(a.activity_date, 'YYYY-"Q"Q')`,
    label: sql<string>`to_char(a.activity_date, 'YYYY-"Q"Q')`,
  },
} as const;

const zeros = () => Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])) as Record<ActivityKind, number>;

/** Sessions and counted people per kind, one row per expert, site, batch, month or quarter. */
export async function summarise(
  db: Db,
  p: Principal,
  by: ActivityGrouping,
  f: ActivityFilters,
  userId: string,
): Promise<ActivitySummaryRow[]> {
  const g = GROUP_KEY[by];
  const rows = await filtered(activityBase(db, p), f, userId)
    .select([
      g.key.as('key'),
      g.label.as('label'),
      'a.kind',
      (eb) => eb.fn.countAll<number>().as('sessions'),
      (eb) => eb.fn.sum<number>('a.count').as('total'),
    ])
    .groupBy([g.key, g.label, 'a.kind'])
    .execute();
  const out = new Map<string, ActivitySummaryRow>();
  for (const r of rows) {
    let row = out.get(r.key);
    if (!row) {
      row = { key: r.key, label: r.label, entries: 0, sessions: zeros(), totals: zeros() };
      out.set(r.key, row);
    }
    row.sessions[r.kind] += Number(r.sessions);
    row.totals[r.kind] += Number(r.total);
    row.entries += Number(r.sessions);
  }
  const sorted = [...out.values()];
  return by === 'month' || by === 'quarter'
    ? sorted.sort((x, y) => x.key.localeCompare(y.key))
    : sorted.sort((x, y) => y.entries - x.entries || x.label.localeCompare(y.label, 'zh-CN'));
}

/** Visible activity totals per host site and kind over a period, for the assessment figures. */
export function activityTotalsBySite(db: Db, p: Principal, from: string, to: string, consortiumId?: string) {
  let qb = db
    .selectFrom('expertActivities as a')
    .where(consortiumVisible(p, 'a.consortiumId'))
    .where('a.activityDate', '>=', from)
    .where('a.activityDate', '<=', to);
  if (consortiumId) qb = qb.where('a.consortiumId', '=', consortiumId);
  return qb
    .select(['a.hostInstitutionId', 'a.kind', (eb) => eb.fn.sum<number>('a.count').as('total')])
    .groupBy(['a.hostInstitutionId', 'a.kind'])
    .execute();
}
