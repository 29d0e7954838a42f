import '../../i18n/sharing';
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ResourceBooking } from '@yilian/domain';
import { isApiError } from '../../api/client';
import {
  resources,
  useBookingAction,
  type BookingActionName,
  type BookingActionRequest,
} from '../../api/sharing';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useApiError } from '../../utils/errors';
import { closedDay, SlotGrid } from './SlotGrid';

const ORDER: BookingActionName[] = ['confirm', 'complete', 'reschedule', 'no_show', 'cancel'];
const WITH_FORM: BookingActionName[] = ['reschedule', 'complete', 'cancel'];
const DESTRUCTIVE: BookingActionName[] = ['cancel', 'no_show'];

interface Values {
  reason?: string;
  resultSummary?: string;
  validDays?: number;
  day?: Dayjs | null;
  slotStart?: string;
}

/** Another slot of the same resource, for a reschedule. */
function RescheduleFields({ booking }: { booking: ResourceBooking }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { data: r } = resources.useOne(booking.resourceId);
  const day = Form.useWatch<Dayjs | null | undefined>('day');
  const date = (day ?? dayjs(booking.slotStart)).format('YYYY-MM-DD');
  return (
    <>
      <Form.Item name="day" label={t('sharing.booking.newDay')}>
        <DatePicker
          inputReadOnly={mobile}
          allowClear={false}
          disabledDate={r ? closedDay(r.openDays) : undefined}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item
        name="slotStart"
        label={t('sharing.booking.newSlot')}
        rules={[{ required: true, message: t('sharing.booking.pickSlot') }]}
      >
        <SlotField resourceId={booking.resourceId} date={date} current={booking.slotStart} />
      </Form.Item>
    </>
  );
}

function SlotField({
  resourceId,
  date,
  current,
  value,
  onChange,
}: {
  resourceId: string;
  date: string;
  current: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  return (
    <SlotGrid
      resourceId={resourceId}
      date={date}
      value={value}
      onPick={(s) => (s.start !== current ? onChange?.(s.start) : undefined)}
    />
  );
}

/** What the reader may do with a booking (the server's `allowedActions`), with its confirmations. */
export function BookingActions({ booking: b }: { booking: ResourceBooking }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const run = useBookingAction(b.id);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState<BookingActionName | null>(null);
  const actions = ORDER.filter((a) => b.allowedActions.includes(a));

  const perform = (req: BookingActionRequest) =>
    run.mutateAsync(req).then(
      () => {
        void message.success(t(`sharing.booking.done.${req.action}`));
        setOpen(null);
      },
      (e: unknown) => {
        if (isApiError(e) && e.status === 409 && e.problem.errors?.some((x) => x.field === 'status')) {
          setOpen(null);
          void message.warning(t('sharing.booking.stateChanged'));
          return;
        }
        onError(e, open ? form : undefined);
      },
    );

  const start = (a: BookingActionName) => {
    if (WITH_FORM.includes(a)) {
      form.resetFields();
      if (a === 'complete') form.setFieldsValue({ validDays: 180 });
      if (a === 'reschedule') form.setFieldsValue({ day: dayjs(b.slotStart) });
      setOpen(a);
      return;
    }
    modal.confirm({
      title: t(`sharing.booking.confirm.${a}`),
      content: `${b.patient.name} · ${b.examName} · ${dayjs(b.slotStart).format('YYYY-MM-DD HH:mm')}`,
      okText: t(`sharingEnums.bookingAction.${a}`),
      okButtonProps: { danger: DESTRUCTIVE.includes(a), 'data-testid': 'confirm-action' } as never,
      cancelText: t('common.cancel'),
      onOk: () => perform({ action: a, body: {} } as BookingActionRequest),
    });
  };

  const onFinish = (v: Values) => {
    if (!open || run.isPending) return;
    if (open === 'cancel') return void perform({ action: 'cancel', body: { reason: v.reason!.trim() } });
    if (open === 'complete')
      return void perform({
        action: 'complete',
        body: { resultSummary: v.resultSummary!.trim(), validDays: v.validDays ?? 180 },
      });
    if (open === 'reschedule')
      return void perform({ action: 'reschedule', body: { slotStart: v.slotStart! } });
  };

  if (actions.length === 0) return null;
  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <>
      <Flex gap={4} wrap>
        {actions.map((a) => (
          <Button
            key={a}
            size="small"
            type={a === 'confirm' || a === 'complete' ? 'primary' : 'default'}
            danger={DESTRUCTIVE.includes(a)}
            onClick={() => start(a)}
            data-testid={`booking-action-${a}`}
          >
            {t(`sharingEnums.bookingAction.${a}`)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={!!open}
        title={open ? t(`sharingEnums.bookingAction.${open}`) : undefined}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        okText={open ? t(`sharingEnums.bookingAction.${open}`) : undefined}
        cancelText={t('common.cancel')}
        okButtonProps={
          { danger: open === 'cancel', loading: run.isPending, 'data-testid': 'action-submit' } as never
        }
        forceRender
        width={mobile ? '100%' : 640}
      >
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark>
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={`${b.patient.name} · ${b.examName}`}
            description={`${b.resourceName} · ${dayjs(b.slotStart).format('YYYY-MM-DD HH:mm')}`}
          />
          {open === 'cancel' && (
            <Form.Item name="reason" label={t('sharing.booking.cancelReason')} rules={[required]}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={500}
                data-testid="field-reason"
              />
            </Form.Item>
          )}
          {open === 'complete' && (
            <>
              <Form.Item
                name="resultSummary"
                label={t('sharing.booking.resultSummary')}
                rules={[required]}
                extra={t('sharing.booking.resultSummaryHint')}
              >
                <Input.TextArea
                  autoSize={{ minRows: 4, maxRows: 12 }}
                  maxLength={4000}
                  data-testid="field-result-summary"
                />
              </Form.Item>
              <Form.Item
                name="validDays"
                label={t('sharing.booking.validDays')}
                rules={[{ required: true }]}
                extra={t('sharing.booking.validDaysHint')}
              >
                <InputNumber min={1} max={3650} suffix={t('sharing.booking.days')} style={{ width: 200 }} />
              </Form.Item>
            </>
          )}
          {open === 'reschedule' && <RescheduleFields booking={b} />}
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </Form>
      </Modal>
    </>
  );
}
