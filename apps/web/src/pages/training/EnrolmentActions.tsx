import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { enrolmentActionBodies, type EnrolmentAction, type TrainingEnrolment } from '@yilian/domain';
import { useApiError } from '../../utils/errors';
import { textOrNull, toDate, validate } from '../../utils/form';
import { useEnrolmentAction } from './api';

interface Values {
  reason?: string;
  date?: Dayjs | null;
  worksIndependently?: boolean;
  note?: string;
}

const DATE_FIELD: Partial<Record<EnrolmentAction, string>> = {
  start: 'startedOn',
  complete: 'completedOn',
  return_to_post: 'returnedOn',
};

/**
 * The actions the server allows on one enrolment (its allowedActions). Accepting asks for a
 * confirmation (it takes a seat); the others ask for their date or reason in a small dialog.
 */
export function EnrolmentActions({ enrolment }: { enrolment: TrainingEnrolment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const act = useEnrolmentAction();
  const [open, setOpen] = useState<EnrolmentAction | null>(null);
  const [form] = Form.useForm<Values>();

  const run = (action: EnrolmentAction, body: object) =>
    act.mutate(
      { id: enrolment.id, action, body },
      {
        onSuccess: () => {
          void message.success(t(`personnel.training.status.${nextState(action)}`));
          setOpen(null);
        },
        onError: (e) => onError(e, open ? form : undefined),
      },
    );

  const submit = (v: Values) => {
    if (!open) return;
    const dateField = DATE_FIELD[open];
    const body: Record<string, unknown> = {};
    if (dateField) body[dateField] = toDate(v.date);
    if (open === 'reject' || open === 'withdraw') body.reason = textOrNull(v.reason);
    if (open === 'return_to_post') {
      body.worksIndependently = !!v.worksIndependently;
      const note = textOrNull(v.note);
      if (note) body.note = note;
    }
    const parsed = validate<object>(form, t, enrolmentActionBodies[open] as never, body);
    if (parsed) run(open, parsed);
  };

  const label = (a: EnrolmentAction) => t(`personnel.training.action.${a}`);
  return (
    <>
      <Space size={4} wrap>
        {enrolment.allowedActions.map((a) =>
          a === 'accept' ? (
            <Popconfirm key={a} title={label(a)} onConfirm={() => run(a, {})}>
              <Button size="small" type="primary" loading={act.isPending} data-testid="enrolment-accept">
                {label(a)}
              </Button>
            </Popconfirm>
          ) : (
            <Button
              key={a}
              size="small"
              danger={a === 'reject' || a === 'withdraw'}
              data-testid={`enrolment-${a}`}
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ date: dayjs(), worksIndependently: true });
                setOpen(a);
              }}
            >
              {label(a)}
            </Button>
          ),
        )}
      </Space>
      <Modal
        open={!!open}
        title={open ? `${label(open)} · ${enrolment.staffName}` : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: act.isPending, danger: open === 'reject' || open === 'withdraw' }}
        destroyOnHidden
      >
        <Form<Values> form={form} layout="vertical" onFinish={submit}>
          {open && DATE_FIELD[open] && (
            <Form.Item
              name="date"
              label={t(`personnel.training.${DATE_FIELD[open]}`)}
              rules={[{ required: true }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          )}
          {(open === 'reject' || open === 'withdraw') && (
            <Form.Item name="reason" label={t('personnel.training.reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
          {open === 'return_to_post' && (
            <>
              <Form.Item
                name="worksIndependently"
                label={t('personnel.training.worksIndependently')}
                valuePropName="checked"
              >
                <Switch
                  checkedChildren={t('personnel.common.yes')}
                  unCheckedChildren={t('personnel.common.no')}
                />
              </Form.Item>
              <Form.Item name="note" label={t('personnel.common.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}

function nextState(action: EnrolmentAction): string {
  return {
    accept: 'accepted',
    reject: 'rejected',
    start: 'in_training',
    complete: 'completed',
    withdraw: 'withdrawn',
    return_to_post: 'returned_to_post',
  }[action];
}
