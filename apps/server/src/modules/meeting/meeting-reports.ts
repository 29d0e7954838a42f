import { sql } from 'kysely';
import { REPORT_TEMPLATE_SECTIONS, type ReportSection, type WorkReport } from '@yilian/domain';
import { recordAudit } from '../../audit/audit.js';
import { hasPermission, type Actor, type Principal, type Services } from '../../context.js';
import { forbidden, invalid, notFound } from '../../errors.js';
import type { UploadedFile } from '../../storage/upload.js';
import { getMeeting } from './meeting.repository.js';

// Members' work reports attached to a meeting: a quarterly report (季度工作汇报) made from the
// template, whose figures section is pre-filled from what the platform recorded that quarter.

const HEADINGS: Record<ReportSection, string> = {
  work_done: '一、本季度工作开展情况',
  figures: '二、主要业务数据',
  problems: '三、存在的问题与困难',
  next_steps: '四、下一步工作计划',
  requests: '五、需协调解决的事项',
};

/** The quarter's bounds in China time, as instants. */
function quarterBounds(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const q = Number(period.slice(5));
  const start = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  const end =
    q === 4
      ? `${year + 1}-01-01T00:00:00+08:00`
      : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** May the reader report for this institution: its own staff with meeting or ledger rights, or the office. */
function reportsFor(p: Principal, consortiumId: string, institutionId: string) {
  if (p.role === 'platform_admin') return true;
  if (p.role === 'consortium_office') return p.consortiumId === consortiumId;
  return (
    p.institutionId === institutionId &&
    (hasPermission(p, 'meeting.manage') || hasPermission(p, 'ledger.raise'))
  );
}

async function memberInstitution(s: Services, consortiumId: string, institutionId: string) {
  const i = await s.db
    .selectFrom('institutions as i')
    .innerJoin('memberships as mb', 'mb.institutionId', 'i.id')
    .select(['i.id', 'i.name'])
    .where('i.id', '=', institutionId)
    .where('mb.consortiumId', '=', consortiumId)
    .executeTakeFirst();
  if (!i) throw invalid('institutionId', 'must be an institution of the consortium');
  return i;
}

export async function template(
  s: Services,
  p: Principal,
  meetingId: string,
  institutionId: string,
  period: string,
) {
  const m = await getMeeting(s, p, meetingId);
  const inst = await memberInstitution(s, m.consortiumId, institutionId);
  const { from, to } = quarterBounds(period);
  const referrals = await s.db
    .selectFrom('referrals')
    .select([
      sql<number>`count(*) filter (where from_institution_id = ${institutionId} and direction = 'up')::int`.as(
        'sentUp',
      ),
      sql<number>`count(*) filter (where from_institution_id = ${institutionId} and direction = 'down')::int`.as(
        'sentDown',
      ),
      sql<number>`count(*) filter (where to_institution_id = ${institutionId})::int`.as('received'),
      sql<number>`count(*) filter (where (from_institution_id = ${institutionId} or to_institution_id = ${institutionId}) and status = 'completed')::int`.as(
        'completed',
      ),
    ])
    .where('consortiumId', '=', m.consortiumId)
    .where('submittedAt', '>=', from)
    .where('submittedAt', '<', to)
    .executeTakeFirstOrThrow();
  const consultations = await s.db
    .selectFrom('consultations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('consortiumId', '=', m.consortiumId)
    .where('requestingInstitutionId', '=', institutionId)
    .where('requestedAt', '>=', from)
    .where('requestedAt', '<', to)
    .executeTakeFirstOrThrow();
  const open = await s.db
    .selectFrom('problems')
    .select(['number', 'title'])
    .where('consortiumId', '=', m.consortiumId)
    .where(sql<boolean>`affected_institution_ids @> ${JSON.stringify([institutionId])}::jsonb`)
    .where('status', 'in', ['raised', 'assigned', 'in_progress'])
    .orderBy('number')
    .execute();
  const body: Record<ReportSection, string> = {
    work_done: '',
    figures: [
      `本季度（${period}）平台记录：`,
      `上转患者 ${referrals.sentUp} 例，下转患者 ${referrals.sentDown} 例，接收转诊 ${referrals.received} 例，闭环完成 ${referrals.completed} 例；`,
      `申请远程会诊/诊断 ${consultations.n} 例。`,
    ].join('\n'),
    problems: open.length ? open.map((o) => `${o.number} ${o.title}（整改中）`).join('\n') : '',
    next_steps: '',
    requests: '',
  };
  return {
    institutionId,
    institutionName: inst.name,
    period,
    title: `${inst.name}${period.slice(0, 4)}年第${'一二三四'[Number(period.slice(5)) - 1]}季度工作汇报`,
    sections: REPORT_TEMPLATE_SECTIONS.map((key) => ({ key, heading: HEADINGS[key], body: body[key] })),
  };
}

const reportColumns = [
  'r.id',
  'r.meetingId',
  'r.institutionId',
  'i.name as institutionName',
  'r.period',
  'r.title',
  'r.sections',
  'r.fileName',
  'r.fileSize',
  'r.submittedBy',
  'r.createdAt',
] as const;

export async function listReports(s: Services, p: Principal, meetingId: string): Promise<WorkReport[]> {
  await getMeeting(s, p, meetingId);
  return s.db
    .selectFrom('meetingReports as r')
    .innerJoin('institutions as i', 'i.id', 'r.institutionId')
    .select(reportColumns)
    .where('r.meetingId', '=', meetingId)
    .orderBy('r.createdAt')
    .execute();
}

export async function submitReport(
  s: Services,
  p: Principal,
  actor: Actor,
  meetingId: string,
  body: {
    institutionId: string;
    period: string;
    title: string;
    sections: { key: ReportSection; body: string }[];
  },
): Promise<WorkReport> {
  const m = await getMeeting(s, p, meetingId);
  await memberInstitution(s, m.consortiumId, body.institutionId);
  if (!reportsFor(p, m.consortiumId, body.institutionId))
    throw forbidden('Only the institution itself or the office reports for it');
  if (m.status === 'cancelled') throw invalid('meetingId', 'the meeting was cancelled');
  const keys = body.sections.map((x) => x.key);
  if (new Set(keys).size !== keys.length) throw invalid('sections', 'each section appears once');
  const id = await s.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('meetingReports')
      .values({
        meetingId,
        consortiumId: m.consortiumId,
        institutionId: body.institutionId,
        period: body.period,
        title: body.title,
        sections: JSON.stringify(body.sections),
        fileKey: null,
        fileName: null,
        contentType: null,
        fileSize: null,
        submittedBy: p.displayName,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'meeting.report_submitted',
      entityType: 'meeting',
      entityId: meetingId,
      consortiumId: m.consortiumId,
      institutionId: body.institutionId,
      after: { reportId: r.id, title: body.title, period: body.period },
    });
    return r.id;
  });
  return (await listReports(s, p, meetingId)).find((r) => r.id === id)!;
}

/** A report in scope (through its meeting), with where its file is kept. */
export async function reportOf(s: Services, p: Principal, reportId: string) {
  const r = await s.db
    .selectFrom('meetingReports')
    .select(['id', 'meetingId', 'consortiumId', 'institutionId', 'fileKey', 'fileName', 'contentType'])
    .where('id', '=', reportId)
    .executeTakeFirst();
  if (!r) throw notFound('report');
  await getMeeting(s, p, r.meetingId); // 404 when the meeting is out of scope
  return r;
}

/** Attaches the signed or scanned report (PDF or image); a new file replaces the old one. */
export async function attachReportFile(
  s: Services,
  p: Principal,
  actor: Actor,
  reportId: string,
  file: UploadedFile,
) {
  const r = await reportOf(s, p, reportId);
  if (!reportsFor(p, r.consortiumId, r.institutionId))
    throw forbidden('Only the institution itself or the office reports for it');
  const key = await s.files.put(file.data, file.ext);
  try {
    await s.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('meetingReports')
        .set({ fileKey: key, fileName: file.name, contentType: file.type, fileSize: file.data.length })
        .where('id', '=', reportId)
        .execute();
      await recordAudit(trx, actor, {
        action: 'meeting.report_file_added',
        entityType: 'meeting',
        entityId: r.meetingId,
        consortiumId: r.consortiumId,
        institutionId: r.institutionId,
        after: { reportId, name: file.name, size: file.data.length },
      });
    });
  } catch (err) {
    await s.files.remove(key);
    throw err;
  }
  if (r.fileKey) await s.files.remove(r.fileKey).catch(() => undefined);
  return (await listReports(s, p, r.meetingId)).find((x) => x.id === reportId)!;
}
