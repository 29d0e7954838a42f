import { sql } from 'kysely';
import type { RecognizedResult } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import type { Actor, Db, Principal, Services, Tx } from '../../context.js';
import { forbidden, invalid } from '../../errors.js';
import { consortiumVisible } from '../../scope.js';
import { todayInChina } from '../shared/paginate.js';
import { upsertPatient } from '../patient/patient.js';
import type { z } from 'zod';
import type { recognitionReuse } from '@yilian/domain';

// Mutual recognition of results (检查检验结果互认): a result from any member of the consortium,
// within its validity, is shown when the same exam is ordered again; the orderer reuses it or
// records why the exam is repeated. Both choices are counted.

/** Results of this exam for this patient in the consortium, still valid on `on`. */
export async function validResults(
  db: Db | Tx,
  consortiumId: string,
  idType: string,
  idNumber: string,
  examCode: string,
  on: string,
): Promise<RecognizedResult[]> {
  return db
    .selectFrom('recognizedResults as rr')
    .innerJoin('patients as pt', 'pt.id', 'rr.patientId')
    .innerJoin('institutions as i', 'i.id', 'rr.institutionId')
    .select([
      'rr.id',
      'rr.institutionId',
      'i.name as institutionName',
      'rr.examCode',
      'rr.examName',
      'rr.performedOn',
      'rr.validUntil',
      'rr.summary',
    ])
    .where('rr.consortiumId', '=', consortiumId)
    .where('pt.idType', '=', idType as never)
    .where('pt.idNumber', '=', idNumber)
    .where(sql<boolean>`upper(rr.exam_code) = upper(${examCode})`)
    .where('rr.validUntil', '>=', on)
    .where('rr.performedOn', '<=', on)
    .orderBy('rr.performedOn', 'desc')
    .execute();
}

/** The consortium of the user's institution (the first, if several). */
export async function myConsortium(db: Db, p: Principal): Promise<string> {
  if (!p.institutionId) throw forbidden('Only staff of a member institution can order exams');
  const m = await db
    .selectFrom('memberships')
    .select('consortiumId')
    .where('institutionId', '=', p.institutionId)
    .where('leftOn', 'is', null)
    .orderBy('consortiumId')
    .executeTakeFirst();
  if (!m) throw forbidden('Your institution is not a member of a consortium');
  return m.consortiumId;
}

export async function check(
  s: Services,
  p: Principal,
  q: { patient: { idType: string; idNumber: string }; examCode: string; on?: string },
) {
  const consortiumId = await myConsortium(s.db, p);
  return validResults(
    s.db,
    consortiumId,
    q.patient.idType,
    q.patient.idNumber,
    q.examCode,
    q.on ?? todayInChina(s.now()),
  );
}

/** The orderer reuses an earlier result: no exam is booked, one exam is avoided. */
export async function reuse(s: Services, p: Principal, actor: Actor, body: z.infer<typeof recognitionReuse>) {
  const consortiumId = await myConsortium(s.db, p);
  const results = await validResults(
    s.db,
    consortiumId,
    body.patient.idType,
    body.patient.idNumber,
    body.examCode,
    todayInChina(s.now()),
  );
  const result = results.find((r) => r.id === body.resultId);
  if (!result) throw invalid('resultId', 'is not a valid result of this exam for this patient');
  await s.db.transaction().execute(async (trx) => {
    await upsertPatient(trx, consortiumId, body.patient, s.now());
    await trx
      .insertInto('recognitionDecisions')
      .values({
        consortiumId,
        institutionId: p.institutionId!,
        resultId: result.id,
        decision: 'reuse',
        reason: null,
        note: null,
        bookingId: null,
        decidedBy: p.displayName,
        decidedAt: s.now().toISOString(),
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'recognition.reused',
      entityType: 'recognized_result',
      entityId: result.id,
      consortiumId,
      institutionId: p.institutionId,
      after: { examCode: body.examCode },
    });
  });
  return result;
}

/** A completed exam enters the registry, valid for `validDays`. */
export async function recordResult(
  trx: Tx,
  r: {
    consortiumId: string;
    patientId: string;
    institutionId: string;
    examCode: string;
    examName: string;
    performedOn: string;
    validDays: number;
    summary: string;
    bookingId: string | null;
  },
) {
  const validUntil = new Date(Date.parse(`${r.performedOn}T00:00:00Z`) + r.validDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return trx
    .insertInto('recognizedResults')
    .values({
      consortiumId: r.consortiumId,
      patientId: r.patientId,
      institutionId: r.institutionId,
      examCode: r.examCode,
      examName: r.examName,
      performedOn: r.performedOn,
      validUntil,
      summary: r.summary,
      bookingId: r.bookingId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function figures(s: Services, p: Principal, from: string, to: string) {
  const rows = await s.db
    .selectFrom('recognitionDecisions as d')
    .select(['d.decision', 'd.reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where(consortiumVisible(p, 'd.consortiumId'))
    .where('d.decidedAt', '>=', `${from}T00:00:00+08:00`)
    .where(sql<boolean>`d.decided_at < (${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`)
    .groupBy(['d.decision', 'd.reason'])
    .execute();
  const repeatReasons: Record<string, number> = {};
  let avoided = 0;
  let repeated = 0;
  for (const r of rows) {
    if (r.decision === 'reuse') avoided += Number(r.n);
    else {
      repeated += Number(r.n);
      repeatReasons[r.reason ?? 'other'] = (repeatReasons[r.reason ?? 'other'] ?? 0) + Number(r.n);
    }
  }
  return { avoided, repeated, repeatReasons };
}
