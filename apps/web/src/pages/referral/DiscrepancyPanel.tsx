import '../../i18n/referral';
import { useState } from 'react';
import { Alert, App, Button, Input, Space, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DiscrepancyResolution, Referral } from '@yilian/domain';
import { useResolveDiscrepancy } from '../../api/referrals';
import { useEnumLabel } from '../../components/EnumSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';

// An identity that came in with an import and differed from the registered patient: the register
// kept its values. The receiving staff settle it here, confirming that the values sent are right
// (the registration is then corrected, if they choose, by the audited edit beside it) or rejecting
// them. The server audits either decision and never changes the patient for it.

const FIELD_LABEL = {
  name: 'referral.patientName',
  sex: 'referral.sex',
  birthDate: 'referral.birthDate',
  phone: 'referral.phone',
} as const;

export function DiscrepancyPanel({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const onError = useApiError();
  const resolve = useResolveDiscrepancy(r.id);
  const [note, setNote] = useState('');
  const d = r.patientDiscrepancy;
  if (!d) return null;

  const receiver =
    me.institutionId === r.toInstitutionId && ['clinician', 'institution_admin'].includes(me.role);
  const fields = d.fields
    .map((f) =>
      t('referral.discrepancyField', {
        field: t(FIELD_LABEL[f.field]),
        submitted: f.field === 'sex' ? label('sex', f.submitted) : f.submitted,
        registered: f.field === 'sex' ? label('sex', f.registered) : f.registered,
      }),
    )
    .join('；');

  const decide = (decision: DiscrepancyResolution) =>
    modal.confirm({
      title: t(
        decision === 'confirmed' ? 'referral.discrepancyConfirmTitle' : 'referral.discrepancyRejectTitle',
      ),
      content: t(
        decision === 'confirmed' ? 'referral.discrepancyConfirmContent' : 'referral.discrepancyRejectContent',
      ),
      okText: t(decision === 'confirmed' ? 'referral.discrepancyConfirm' : 'referral.discrepancyReject'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': `confirm-discrepancy-${decision}` } as never,
      onOk: () =>
        resolve.mutateAsync({ decision, note: note.trim() || null }).then(
          () => void message.success(t('referral.discrepancySaved')),
          (e: unknown) => onError(e),
        ),
    });

  const settled = d.resolution && (
    <div data-testid="discrepancy-resolution" data-resolution={d.resolution}>
      <Typography.Text strong>
        {t(d.resolution === 'confirmed' ? 'referral.discrepancyConfirmed' : 'referral.discrepancyRejected', {
          name: d.resolvedByName ?? '—',
          time: formatDateTime(d.resolvedAt),
        })}
      </Typography.Text>
      {d.resolutionNote && <div>{t('referral.discrepancyResolvedNote', { note: d.resolutionNote })}</div>}
      {d.resolution === 'confirmed' && (
        <Typography.Text type="secondary">{t('referral.discrepancyEditHint')}</Typography.Text>
      )}
    </div>
  );

  const pending = !d.resolution && receiver && (
    <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
      <Typography.Text type="secondary">{t('referral.discrepancyPending')}</Typography.Text>
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={500}
        autoSize={{ minRows: 1, maxRows: 4 }}
        placeholder={t('referral.discrepancyNote')}
        data-testid="discrepancy-note"
      />
      <Space wrap>
        <Button
          icon={<CheckOutlined />}
          onClick={() => decide('confirmed')}
          loading={resolve.isPending}
          data-testid="discrepancy-confirm"
        >
          {t('referral.discrepancyConfirm')}
        </Button>
        <Button
          icon={<CloseOutlined />}
          onClick={() => decide('rejected')}
          loading={resolve.isPending}
          data-testid="discrepancy-reject"
        >
          {t('referral.discrepancyReject')}
        </Button>
      </Space>
    </Space>
  );

  return (
    <Alert
      type={d.resolution ? 'info' : 'warning'}
      showIcon
      style={{ marginBottom: 8 }}
      data-testid="patient-discrepancy"
      title={t('referral.discrepancyTitle')}
      description={
        <>
          <div>{fields}</div>
          {settled}
          {pending}
        </>
      }
    />
  );
}
