import '../../i18n/referral';
import { useEffect } from 'react';
import { App, Button, Result, Spin } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Referral, ReferralEvent } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { useReferral, useReferralEvents, type RevealedIdentity } from '../../api/referrals';
import { LoadError } from '../../components/LoadError';
import { useCurrentUser } from '../../hooks/useAuth';
import { ageOf } from './parts';
import { standsOnASide, useReveal } from './reveal';
import './referral-print.css';

/** The slip is a Chinese document whatever the language of the screen around it. */
const SLIP_LANGUAGE = 'zh-CN';

function Slip({
  r,
  events,
  identity,
}: {
  r: Referral;
  events: ReferralEvent[];
  identity: RevealedIdentity | null;
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(SLIP_LANGUAGE);
  const enumLabel = (ns: string, v: string | null | undefined) =>
    v ? t([`enums.${ns}.${v}`, `referralEnums.${ns}.${v}`], { defaultValue: v }) : '';
  const date = (v: string | null | undefined) => (v ? dayjs(v).format('YYYY年M月D日 HH:mm') : '');
  const p = r.patient;
  const completedBy = events.find((e) => e.action === 'complete')?.actorName;
  const arrivedAt = events.find((e) => e.action === 'arrive')?.at;
  const acceptedBy = events.find((e) => e.action === 'accept')?.actorName;
  const green = r.urgency === 'green_channel';

  return (
    <article className="slip" data-testid="referral-slip" lang={SLIP_LANGUAGE}>
      <h1>{t('slip.title')}</h1>
      <div className="slip-sub">
        （{enumLabel('referralDirection', r.direction)}）
        {green && (
          <span className="slip-green">
            {' '}
            【{enumLabel('urgency', r.urgency)} · {enumLabel('greenCategory', r.greenCategory)}】
          </span>
        )}
      </div>
      <div className="slip-meta">
        <span>
          {t('slip.code')}：{r.code}
        </span>
        <span>
          {t('slip.urgency')}：{enumLabel('urgency', r.urgency)}
        </span>
        <span>
          {t('slip.issuedAt')}：{date(r.submittedAt ?? r.createdAt)}
        </span>
      </div>
      <table>
        <tbody>
          <tr>
            <th>{t('slip.from')}</th>
            <td>{[r.fromInstitutionName, r.fromDepartmentName].filter(Boolean).join(' ')}</td>
            <th>{t('slip.to')}</th>
            <td data-testid="slip-to">
              {[r.toInstitutionName, r.toDepartmentName].filter(Boolean).join(' ')}
            </td>
          </tr>
          <tr>
            <th>{t('slip.patientName')}</th>
            <td>{p.name}</td>
            <th>{t('slip.sexAge')}</th>
            <td>
              {enumLabel('sex', p.sex)} {t('slip.age', { age: ageOf(p.birthDate) })}
            </td>
          </tr>
          <tr>
            <th>{t('slip.birthDate')}</th>
            <td>{p.birthDate}</td>
            <th>{enumLabel('idType', p.idType)}</th>
            <td>{identity?.idNumber ?? p.idNumber}</td>
          </tr>
          <tr>
            <th>{t('slip.phone')}</th>
            <td>{identity ? identity.phone : p.phone}</td>
            <th>{t('slip.insuranceNo')}</th>
            <td>{identity ? identity.insuranceNo : p.insuranceNo}</td>
          </tr>
          <tr>
            <th>{t('slip.diagnosis')}</th>
            <td colSpan={3} data-testid="slip-diagnosis">
              {r.diagnosisName}（ICD-10：{r.icd10Code}）
            </td>
          </tr>
          <tr>
            <th>{t('slip.reason')}</th>
            <td colSpan={3}>
              <div className="slip-text">{r.reason}</div>
            </td>
          </tr>
          <tr>
            <th>{t('slip.summary')}</th>
            <td colSpan={3}>
              <div className="slip-text">{r.summary}</div>
            </td>
          </tr>
          {r.plan && (
            <tr>
              <th>{r.direction === 'down' ? t('slip.planDown') : t('slip.plan')}</th>
              <td colSpan={3}>
                <div className="slip-text">{r.plan}</div>
              </td>
            </tr>
          )}
          {r.booking && (
            <tr>
              <th>{t('slip.booking')}</th>
              <td colSpan={3}>
                {dayjs(r.booking.date).format('YYYY年M月D日')} {enumLabel('capacityKind', r.booking.kind)}{' '}
                {r.booking.label}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="slip-sign">
        <span>
          {t('slip.doctor')}：{r.referringDoctor}
        </span>
        <span>
          {t('slip.sentAt')}：{date(r.submittedAt)}
        </span>
        <span>{t('slip.stamp')}</span>
      </div>

      <div className="slip-cut">
        <span>{t('slip.cutHere')}</span>
      </div>
      <h2>{t('slip.receiptTitle')}</h2>
      {r.receiptAt ? (
        <div data-testid="slip-receipt">
          <table>
            <tbody>
              <tr>
                <th>{t('slip.patientName')}</th>
                <td>{p.name}</td>
                <th>{t('slip.code')}</th>
                <td>{r.code}</td>
              </tr>
              <tr>
                <th>{t('slip.receiver')}</th>
                <td>{r.toInstitutionName}</td>
                <th>{t('slip.receiverDepartment')}</th>
                <td>{r.toDepartmentName}</td>
              </tr>
              <tr>
                <th>{t('slip.arrivedAt')}</th>
                <td>{date(arrivedAt)}</td>
                <th>{t('slip.completedAt')}</th>
                <td>{date(r.completedAt)}</td>
              </tr>
              <tr>
                <th>{t('slip.dischargeSummary')}</th>
                <td colSpan={3}>
                  <div className="slip-text">{r.dischargeSummary}</div>
                </td>
              </tr>
            </tbody>
          </table>
          <div className="slip-sign">
            <span>
              {t('slip.receivingDoctor')}：{completedBy ?? acceptedBy ?? ''}
            </span>
            <span>
              {t('slip.receiptAt')}：{date(r.receiptAt)}
            </span>
            <span>{t('slip.stamp')}</span>
          </div>
        </div>
      ) : (
        <div className="slip-pending">{t('slip.receiptPending')}</div>
      )}
      <div className="slip-foot">
        {t(identity ? 'slip.footerRevealed' : 'slip.footer', { time: dayjs().format('YYYY-MM-DD HH:mm') })}
      </div>
    </article>
  );
}

function PrintView({ r, events }: { r: Referral; events: ReferralEvent[] }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { shown, ask, mayReveal, pending } = useReveal(r);
  // A saved PDF is named after the page.
  useEffect(() => {
    const before = document.title;
    document.title = `${i18n.getFixedT(SLIP_LANGUAGE)('slip.title')} ${r.code}`;
    return () => {
      document.title = before;
    };
  }, [i18n, r.code]);
  return (
    <div className="slip-page">
      <div className="slip-toolbar">
        <Link to={`/referrals/${r.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('referral.back')}</Button>
        </Link>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => window.print()}
          data-testid="print-now"
        >
          {t('referral.print')}
        </Button>
        {standsOnASide(me, r) && mayReveal && (
          <Button icon={<EyeOutlined />} onClick={ask} loading={pending}>
            {t('referral.revealForPrint')}
          </Button>
        )}
      </div>
      <Slip r={r} events={events} identity={shown} />
    </div>
  );
}

/** /referrals/:id/print — the 双向转诊单 on an A4 sheet, with no navigation around it. */
export default function ReferralPrintPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const referral = useReferral(id);
  const events = useReferralEvents(id);
  if (referral.isPending || events.isPending)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  if (isApiError(referral.error) && [400, 403, 404].includes(referral.error.status))
    return <Result status="404" title={t('referral.notFound')} subTitle={t('referral.notFoundHint')} />;
  if (referral.error || !referral.data || events.error)
    return (
      <div style={{ padding: 16 }}>
        <LoadError
          error={referral.error ?? events.error}
          onRetry={() => void Promise.all([referral.refetch(), events.refetch()])}
        />
      </div>
    );
  return (
    <App component={false}>
      <PrintView r={referral.data} events={events.data ?? []} />
    </App>
  );
}
