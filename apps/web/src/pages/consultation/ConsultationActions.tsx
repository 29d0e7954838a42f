import '../../i18n/sharing';
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Rate, Select } from 'antd';
import {
  CalendarOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  EditOutlined,
  SafetyCertificateOutlined,
  StarOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ActionButtonRow, ActionDialog } from '../../components/WorkflowActions';
import dayjs, { type Dayjs } from 'dayjs';
import type { Consultation } from '@yilian/domain';
import { isApiError } from '../../api/client';
import {
  useCentreStaff,
  useConsultationAction,
  type ConsultationActionRequest,
  type ConsultationHumanAction,
} from '../../api/consultations';
import { useEnumLabel } from '../../components/EnumSelect';
import { useDebounced } from '../../hooks/useDebounced';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { textOrNull } from '../../utils/form';

/** The next step first, the ways out last. */
const ORDER: ConsultationHumanAction[] = ['accept', 'schedule', 'report', 'sign', 'rate', 'reject', 'cancel'];
const ICONS: Record<ConsultationHumanAction, React.ReactNode> = {
  accept: <CheckOutlined />,
  schedule: <CalendarOutlined />,
  report: <EditOutlined />,
  sign: <SafetyCertificateOutlined />,
  rate: <StarOutlined />,
  reject: <CloseCircleOutlined />,
  cancel: <StopOutlined />,
};
const DESTRUCTIVE: ConsultationHumanAction[] = ['reject', 'cancel'];

interface Values {
  expertStaffIds?: string[];
  reason?: string;
  scheduledAt?: Dayjs | null;
  videoLink?: string;
  opinion?: string;
  rating?: number;
  comment?: string;
}

/** Staff of the consulting centre, searched by name: the experts of this consultation. */
function ExpertPicker({
  id,
  institutionId,
  value,
  onChange,
}: {
  id?: string;
  institutionId: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const { data, isFetching } = useCentreStaff(institutionId, q);
  const [known, setKnown] = useState<Record<string, string>>({});
  const options = (data?.items ?? []).map((s) => ({
    value: s.id,
    label: [s.name, label('staffTitle', s.title), s.departmentName].filter(Boolean).join(' · '),
  }));
  for (const v of value ?? [])
    if (!options.some((o) => o.value === v)) options.push({ value: v, label: known[v] ?? v });
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(ids, opts) => {
        const next = { ...known };
        for (const o of Array.isArray(opts) ? opts : [])
          if (o?.value) next[o.value as string] = o.label as string;
        setKnown(next);
        onChange?.(ids);
      }}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      options={options}
      loading={isFetching}
      placeholder={t('consultation.expertsPlaceholder')}
      notFoundContent={isFetching ? t('common.loading') : t('common.noMatch')}
      data-testid="field-experts"
    />
  );
}

/**
 * The buttons for what the reader may do next (the server's `allowedActions`) and their forms:
 * the centre accepts with its experts, schedules the video session, writes and signs the report
 * or rejects; the requester cancels, or rates once the report is signed.
 */
export function ConsultationActions({ consultation: c }: { consultation: Consultation }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const run = useConsultationAction(c.id);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<ConsultationHumanAction | null>(null);
  const actions = ORDER.filter((a) => (c.allowedActions as string[]).includes(a));

  const handleError = (e: unknown) => {
    if (isApiError(e) && e.status === 409 && e.problem.errors?.some((x) => x.field === 'status')) {
      setOpen(null);
      void message.warning(t('consultation.stateChanged'));
      return;
    }
    onError(e, open ? form : undefined);
  };

  const perform = (req: ConsultationActionRequest) =>
    run.mutateAsync(req).then(() => {
      void message.success(t(`consultation.done.${req.action}`));
      setOpen(null);
    }, handleError);

  const start = (a: ConsultationHumanAction) => {
    if (a === 'sign') {
      modal.confirm({
        title: t('consultation.confirmSign.title'),
        content: t('consultation.confirmSign.content'),
        okText: t('sharingEnums.consultationAction.sign'),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'confirm-action' } as never,
        onOk: () => perform({ action: 'sign', body: {} }),
      });
      return;
    }
    form.resetFields();
    if (a === 'accept') form.setFieldsValue({ expertStaffIds: c.experts.map((e) => e.staffId) });
    if (a === 'schedule')
      form.setFieldsValue({
        scheduledAt: c.scheduledAt ? dayjs(c.scheduledAt) : dayjs().add(1, 'day').hour(9).minute(0).second(0),
        videoLink: c.videoLink ?? '',
      });
    if (a === 'report') form.setFieldsValue({ opinion: c.opinion ?? '' });
    if (a === 'rate') form.setFieldsValue({ rating: 5 });
    setOpen(a);
  };

  const onFinish = (v: Values) => {
    if (!open || run.isPending) return;
    switch (open) {
      case 'accept':
        return void perform({ action: 'accept', body: { expertStaffIds: v.expertStaffIds ?? [] } });
      case 'reject':
      case 'cancel':
        return void perform({ action: open, body: { reason: v.reason!.trim() } });
      case 'schedule':
        return void perform({
          action: 'schedule',
          body: {
            scheduledAt: v.scheduledAt!.second(0).millisecond(0).toISOString(),
            videoLink: v.videoLink!.trim(),
          },
        });
      case 'report':
        return void perform({ action: 'report', body: { opinion: v.opinion!.trim() } });
      case 'rate':
        return void perform({ action: 'rate', body: { rating: v.rating!, comment: textOrNull(v.comment) } });
    }
  };

  if (actions.length === 0) return null;
  const danger = !!open && DESTRUCTIVE.includes(open);
  const required = { required: true, whitespace: true, message: t('validation.required') };

  return (
    <>
      <ActionButtonRow
        actions={actions}
        destructive={DESTRUCTIVE}
        icons={ICONS}
        label={(a) => t(`sharingEnums.consultationAction.${a}`)}
        onStart={start}
        pending={run.isPending && !open ? (run.variables?.action ?? null) : null}
        mobile={mobile}
        testId="consultation-actions"
      />
      <ActionDialog
        open={!!open}
        title={open ? t(`consultation.dialog.${open}`) : undefined}
        okText={open ? t(`sharingEnums.consultationAction.${open}`) : undefined}
        danger={danger}
        loading={run.isPending}
        width={mobile ? '100%' : 600}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        testId="consultation-dialog"
      >
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark>
          {danger && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t(`consultation.dialogWarning.${open}`)}
            />
          )}
          {open === 'accept' && (
            <Form.Item
              name="expertStaffIds"
              label={t('consultation.experts')}
              rules={[{ required: true, type: 'array', min: 1, message: t('consultation.expertsRequired') }]}
              extra={t('consultation.expertsHint', { centre: c.centerInstitutionName })}
            >
              <ExpertPicker institutionId={c.centerInstitutionId} />
            </Form.Item>
          )}
          {(open === 'reject' || open === 'cancel') && (
            <Form.Item name="reason" label={t(`consultation.${open}Reason`)} rules={[required]}>
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={2000}
                data-testid="field-reason"
              />
            </Form.Item>
          )}
          {open === 'schedule' && (
            <>
              <Form.Item
                name="scheduledAt"
                label={t('consultation.scheduledAt')}
                rules={[{ required: true }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm', minuteStep: 5 }}
                  format="YYYY-MM-DD HH:mm"
                  inputReadOnly={mobile}
                  style={{ width: '100%' }}
                  data-testid="field-scheduled-at"
                />
              </Form.Item>
              <Form.Item
                name="videoLink"
                label={t('consultation.videoLink')}
                rules={[
                  { required: true, whitespace: true },
                  { pattern: /^https?:\/\/\S+$/i, message: t('validation.field.videoLink') },
                ]}
                extra={t('consultation.videoLinkHint')}
              >
                <Input
                  inputMode="url"
                  maxLength={500}
                  placeholder="https://"
                  data-testid="field-video-link"
                />
              </Form.Item>
            </>
          )}
          {open === 'report' && (
            <Form.Item
              name="opinion"
              label={t('consultation.opinion')}
              rules={[required]}
              extra={t('consultation.opinionHint')}
            >
              <Input.TextArea
                autoSize={{ minRows: 6, maxRows: 16 }}
                maxLength={8000}
                data-testid="field-opinion"
              />
            </Form.Item>
          )}
          {open === 'rate' && (
            <>
              <Form.Item name="rating" label={t('consultation.rating')} rules={[{ required: true }]}>
                <Rate allowClear={false} data-testid="field-rating" />
              </Form.Item>
              <Form.Item name="comment" label={t('consultation.ratingComment')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
              </Form.Item>
            </>
          )}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </ActionDialog>
    </>
  );
}
