import '../../i18n/sharing';
import { Button, Result, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Consultation } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useConsultation } from '../../api/consultations';
import { LoadError } from '../../components/LoadError';
import { ageOf } from '../sharing/parts';
import './consultation-print.css';

/** The report is a Chinese document whatever the language of the screen around it. */
const REPORT_LANGUAGE = 'zh-CN';

function Report({ c }: { c: Consultation }) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(REPORT_LANGUAGE);
  const enumLabel = (key: string, v: string | null | undefined) =>
    v
      ? t([`enums.${key}.${v}`, `referralEnums.${key}.${v}`, `sharingEnums.${key}.${v}`], { defaultValue: v })
      : '';
  const date = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY年M月D日 HH:mm') : '');
  const p = c.patient;
  return (
    <article className="cr-sheet" data-testid="consultation-report" lang={REPORT_LANGUAGE}>
      <div className="cr-issuer">{c.centerInstitutionName}</div>
      <h1>{t('consultationReport.title')}</h1>
      <div className="cr-sub">（{enumLabel('consultationKind', c.kind)}）</div>
      <div className="cr-meta">
        <span>
          {t('consultationReport.code')}：{c.code}
        </span>
        <span>
          {t('consultationReport.requestedAt')}：{date(c.requestedAt)}
        </span>
      </div>
      <table>
        <tbody>
          <tr>
            <th>{t('consultationReport.patientName')}</th>
            <td>{p.name}</td>
            <th>{t('consultationReport.sexAge')}</th>
            <td>
              {enumLabel('sex', p.sex)} {t('consultationReport.age', { age: ageOf(p.birthDate) })}
            </td>
          </tr>
          <tr>
            <th>{enumLabel('idType', p.idType)}</th>
            <td>{p.idNumber}</td>
            <th>{t('consultationReport.icd10')}</th>
            <td>{c.icd10Code ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('consultationReport.requester')}</th>
            <td>
              {c.requestingInstitutionName}
              <br />
              {c.requestedBy}
            </td>
            <th>{t('consultationReport.centre')}</th>
            <td>{[c.centerInstitutionName, c.centerDepartmentName].filter(Boolean).join(' ')}</td>
          </tr>
          <tr>
            <th>{t('consultationReport.experts')}</th>
            <td colSpan={3}>
              {c.experts.map((e) => `${e.name}（${enumLabel('staffTitle', e.title)}）`).join('、') || '—'}
            </td>
          </tr>
          {c.scheduledAt && (
            <tr>
              <th>{t('consultationReport.scheduledAt')}</th>
              <td colSpan={3}>{date(c.scheduledAt)}</td>
            </tr>
          )}
          <tr>
            <th>{t('consultationReport.caseSummary')}</th>
            <td colSpan={3} className="cr-text">
              {c.caseSummary}
            </td>
          </tr>
          <tr>
            <th>{t('consultationReport.question')}</th>
            <td colSpan={3} className="cr-text">
              {c.question}
            </td>
          </tr>
          <tr className="cr-opinion">
            <th>{t('consultationReport.opinion')}</th>
            <td colSpan={3} className="cr-text" data-testid="report-opinion">
              {c.opinion}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="cr-sign">
        <div>
          {t('consultationReport.signedBy')}：<span data-testid="report-signed-by">{c.signedBy ?? ''}</span>
        </div>
        <div>
          {t('consultationReport.signedAt')}：{date(c.signedAt)}
        </div>
        <div>
          {t('consultationReport.seal')}：{c.centerInstitutionName}
        </div>
      </div>
      <p className="cr-note">{t('consultationReport.note')}</p>
    </article>
  );
}

/** 远程会诊报告: an A4 sheet of the signed report, no menu around it, printed as it is shown. */
export default function ConsultationPrintPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { data: c, error, isPending, refetch } = useConsultation(id);
  if (isPending) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (error && isApiError(error) && error.status === 404)
    return <Result status="404" title={t('consultation.notFound')} />;
  if (!c) return <LoadError error={error} onRetry={() => void refetch()} />;
  return (
    <div className="cr-page">
      <div className="cr-toolbar">
        <Link to={`/consultations/${c.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('consultation.backToConsultation')}</Button>
        </Link>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          disabled={c.status !== 'completed'}
          data-testid="print-now"
        >
          {t('consultation.print')}
        </Button>
      </div>
      {c.status !== 'completed' ? (
        <Result status="info" title={t('consultation.reportNotSigned')} />
      ) : (
        <Report c={c} />
      )}
    </div>
  );
}
