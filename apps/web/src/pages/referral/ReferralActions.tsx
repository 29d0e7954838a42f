import '../../i18n/referral';
import './referral.css';
import { useState } from 'react';
import { Alert, App, Empty, Flex, Form, Input, Radio, Spin, Typography } from 'antd';
import {
  CalendarOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  InboxOutlined,
  LoginOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ActionButtonRow, ActionDialog } from '../../components/WorkflowActions';
import dayjs from 'dayjs';
import type { CapacitySlot, Referral } from '@yilian/domain';
import { isApiError } from '../../api/client';
import { capacity, useReferralAction, type ActionRequest, type HumanAction } from '../../api/referrals';
import { EnumTag } from '../../components/EnumSelect';
import { DepartmentSelect } from '../../components/RemoteSelect';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { textOrNull } from '../../utils/form';

/** The order the buttons appear in: the next step first, the way out last. */
const ORDER: HumanAction[] = [
  'submit',
  'receive',
  'accept',
  'book',
  'arrive',
  'complete',
  'reject',
  'cancel',
];
const ICONS: Record<HumanAction, React.ReactNode> = {
  submit: <SendOutlined />,
  receive: <InboxOutlined />,
  accept: <CheckOutlined />,
  book: <CalendarOutlined />,
  arrive: <LoginOutlined />,
  complete: <CheckCircleOutlined />,
  reject: <CloseCircleOutlined />,
  cancel: <StopOutlined />,
};
/** Actions that need a form; the others only a confirmation (or, to sign for it, nothing). */
const WITH_FORM: HumanAction[] = ['accept', 'reject', 'book', 'complete', 'cancel'];
const DESTRUCTIVE: HumanAction[] = ['reject', 'cancel'];
const CONFIRM: HumanAction[] = ['submit', 'arrive'];

interface Values {
  note?: string;
  toDepartmentId?: string | null;
  reason?: string;
  slotId?: string;
  dischargeSummary?: string;
}

/** Reserved slots and beds of the receiving institution from today, free places only. */
function SlotPicker({
  referral,
  value,
  onChange,
}: {
  referral: Referral;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  const [departmentId, setDepartmentId] = useState<string | undefined>(referral.toDepartmentId ?? undefined);
  const { data, isFetching, error } = capacity.useList({
    institutionId: referral.toInstitutionId,
    departmentId,
    available: 'true',
    from: dayjs().format('YYYY-MM-DD'),
    pageSize: 100,
  });
  const byDate = new Map<string, CapacitySlot[]>();
  for (const s of data?.items ?? []) byDate.set(s.date, [...(byDate.get(s.date) ?? []), s]);
  return (
    <Flex vertical gap={8}>
      <DepartmentSelect
        institutionId={referral.toInstitutionId}
        value={departmentId}
        onChange={(v) => setDepartmentId(v)}
        placeholder={t('referral.allDepartments')}
      />
      {error && <Alert type="error" showIcon title={t('errors.loadFailed')} />}
      <Spin spinning={isFetching}>
        {byDate.size === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('referral.noSlots')} />
        ) : (
          <Radio.Group
            value={value}
            onChange={(e) => onChange?.(e.target.value as string)}
            style={{ width: '100%' }}
            data-testid="slot-picker"
          >
            <div className="slot-list">
              {[...byDate.entries()].map(([date, slots]) => (
                <div key={date} className="slot-day">
                  <Typography.Text strong>
                    {date} {dayjs(date).format('dddd')}
                  </Typography.Text>
                  {slots.map((s) => (
                    <Radio key={s.id} value={s.id} className="slot-option" data-testid="slot-option">
                      <EnumTag ns="capacityKind" value={s.kind} /> {s.label}
                      {!departmentId && (
                        <Typography.Text type="secondary"> · {s.departmentName}</Typography.Text>
                      )}
                      <Typography.Text type="secondary">
                        {' '}
                        · {t('capacity.free', { free: s.capacity - s.booked, capacity: s.capacity })}
                      </Typography.Text>
                    </Radio>
                  ))}
                </div>
              ))}
            </div>
          </Radio.Group>
        )}
      </Spin>
    </Flex>
  );
}

/**
 * The buttons for what the reader may do next (the server's `allowedActions`), and the forms
 * they need. A 409 means someone else moved the referral first: say so; the referral is refetched.
 */
export function ReferralActions({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const run = useReferralAction(r.id);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<HumanAction | null>(null);
  const actions = ORDER.filter((a) => r.allowedActions.includes(a));

  const handleError = (e: unknown) => {
    if (isApiError(e) && e.status === 409) {
      if (e.problem.errors?.some((x) => x.field === 'slotId')) {
        form.setFields([{ name: 'slotId', errors: [t('referral.slotTaken')] }]);
        return;
      }
      setOpen(null);
      void message.warning(t('referral.stateChanged'));
      return;
    }
    onError(e, open ? form : undefined);
  };

  const perform = (req: ActionRequest) =>
    run.mutateAsync(req).then(() => {
      void message.success(t(`referral.done.${req.action}`));
      setOpen(null);
    }, handleError);

  const start = (a: HumanAction) => {
    if (WITH_FORM.includes(a)) {
      form.resetFields();
      if (a === 'accept') form.setFieldsValue({ toDepartmentId: r.toDepartmentId });
      setOpen(a);
      return;
    }
    if (CONFIRM.includes(a)) {
      modal.confirm({
        title: t(`referral.confirm.${a}.title`),
        content: t(`referral.confirm.${a}.content`),
        okText: t(`referralEnums.referralAction.${a}`),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'confirm-action' } as never,
        onOk: () => perform({ action: a, body: {} } as ActionRequest),
      });
      return;
    }
    void perform({ action: a, body: {} } as ActionRequest);
  };

  const onFinish = (v: Values) => {
    if (!open || run.isPending) return;
    switch (open) {
      case 'accept': {
        const body: { note?: string | null; toDepartmentId?: string } = {};
        const note = textOrNull(v.note);
        if (note) body.note = note;
        if (v.toDepartmentId && v.toDepartmentId !== r.toDepartmentId) body.toDepartmentId = v.toDepartmentId;
        return void perform({ action: 'accept', body });
      }
      case 'reject':
      case 'cancel':
        return void perform({ action: open, body: { reason: v.reason!.trim() } });
      case 'book':
        return void perform({ action: 'book', body: { slotId: v.slotId! } });
      case 'complete':
        return void perform({ action: 'complete', body: { dischargeSummary: v.dischargeSummary!.trim() } });
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
        label={(a) => t(`referralEnums.referralAction.${a}`)}
        onStart={start}
        pending={run.isPending && !open ? (run.variables?.action ?? null) : null}
        mobile={mobile}
        testId="referral-actions"
      />
      <ActionDialog
        open={!!open}
        title={open ? t(`referral.dialog.${open}`) : undefined}
        okText={open ? t(`referralEnums.referralAction.${open}`) : undefined}
        danger={danger}
        loading={run.isPending}
        width={mobile ? '100%' : 560}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
      >
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark>
          {danger && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t(`referral.dialogWarning.${open}`)}
            />
          )}
          {open === 'accept' && (
            <>
              <Form.Item name="toDepartmentId" label={t('referral.toDepartment')}>
                <DepartmentSelect institutionId={r.toInstitutionId} />
              </Form.Item>
              <Form.Item name="note" label={t('referral.acceptNote')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {(open === 'reject' || open === 'cancel') && (
            <Form.Item name="reason" label={t(`referral.${open}Reason`)} rules={[required]}>
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={2000}
                data-testid="field-reason"
              />
            </Form.Item>
          )}
          {open === 'book' && (
            <Form.Item
              name="slotId"
              label={t('referral.pickSlot')}
              rules={[{ required: true, message: t('referral.pickSlotRequired') }]}
            >
              <SlotPicker referral={r} />
            </Form.Item>
          )}
          {open === 'complete' && (
            <Form.Item
              name="dischargeSummary"
              label={t('referral.dischargeSummary')}
              rules={[required]}
              extra={t('referral.dischargeSummaryHint')}
            >
              <Input.TextArea
                autoSize={{ minRows: 5, maxRows: 14 }}
                maxLength={8000}
                data-testid="field-discharge-summary"
              />
            </Form.Item>
          )}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </ActionDialog>
    </>
  );
}
