import '../../i18n/personnel';
import { useEffect } from 'react';
import { Alert, App, ConfigProvider, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ACTIVITY_KINDS,
  ACTIVITY_MAX_COUNT,
  activityCreate,
  activityUpdate,
  type ActivityKind,
  type ExpertActivity,
} from '@yilian/domain';
import { FormDrawer } from '../../components/FormDrawer';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, toDate, validate } from '../../utils/form';
import { useMyPostings, useSaveActivity } from './api';

interface Values {
  postingId?: string;
  kind?: ActivityKind;
  activityDate?: Dayjs | null;
  count?: number | null;
  procedureName?: string;
  topic?: string;
  note?: string;
}

/**
 * The expert's form, made for a phone: one column, large controls, the kinds as big buttons two
 * a row, and today and the current posting filled in, so a clinic morning is three taps and a number.
 */
export function ActivityForm({
  open,
  record,
  onClose,
}: {
  open: boolean;
  record: ExpertActivity | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const postings = useMyPostings();
  const save = useSaveActivity();
  const kind = Form.useWatch('kind', form);
  const postingId = Form.useWatch('postingId', form);
  const current = postings.data?.find((p) => p.current) ?? postings.data?.[0];
  const posting = postings.data?.find((p) => p.id === postingId);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      record
        ? {
            postingId: record.postingId,
            kind: record.kind,
            activityDate: dayjs(record.activityDate),
            count: record.count,
            procedureName: record.procedureName ?? '',
            topic: record.topic ?? '',
            note: record.note ?? '',
          }
        : { postingId: current?.id, kind: 'clinic', activityDate: dayjs(), count: null },
    );
  }, [open, record, current?.id, form]);

  const onSubmit = (v: Values) => {
    const payload = {
      kind: v.kind,
      activityDate: toDate(v.activityDate),
      count: v.count ?? undefined,
      procedureName: v.kind === 'surgery_demo' ? textOrNull(v.procedureName) : null,
      topic: textOrNull(v.topic),
      note: textOrNull(v.note),
    };
    const done = () => {
      void message.success(t('personnel.activity.saved'));
      onClose();
    };
    if (record) {
      const body = validate(form, t, activityUpdate, changedFields(record, payload));
      if (body)
        save.mutate({ id: record.id, update: body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, activityCreate, { ...payload, postingId: v.postingId });
      if (body) save.mutate({ create: body }, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const noPosting = postings.isSuccess && postings.data.length === 0 && !record;
  return (
    <ConfigProvider componentSize="large">
      <FormDrawer<Values>
        open={open}
        title={t(record ? 'personnel.activity.editTitle' : 'personnel.activity.recordTitle')}
        form={form}
        onClose={onClose}
        onSubmit={onSubmit}
        submitting={save.isPending}
        testId="activity-form"
        width={480}
      >
        {noPosting && <Alert type="warning" showIcon title={t('personnel.activity.noPosting')} />}
        <Form.Item name="postingId" label={t('personnel.activity.posting')} rules={[{ required: true }]}>
          <Select
            disabled={!!record}
            loading={postings.isPending}
            data-testid="activity-posting"
            options={(postings.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.hostInstitutionName} · ${p.batchName}${p.current ? t('personnel.activity.postingCurrent') : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('personnel.common.kind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            className="activity-kinds"
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}
            options={ACTIVITY_KINDS.map((k) => ({
              value: k,
              label: t(`personnel.activityKind.${k}`),
              style: { textAlign: 'center', borderRadius: 6, height: 48, lineHeight: '46px' },
            }))}
            data-testid="activity-kind"
          />
        </Form.Item>
        <Form.Item name="activityDate" label={t('personnel.common.date')} rules={[{ required: true }]}>
          <DatePicker
            inputReadOnly
            style={{ width: '100%' }}
            disabledDate={(d) =>
              d.isAfter(dayjs(), 'day') ||
              (!!posting &&
                (d.isBefore(dayjs(posting.startDate), 'day') || d.isAfter(dayjs(posting.endDate), 'day')))
            }
            data-testid="activity-date"
          />
        </Form.Item>
        <Form.Item
          name="count"
          label={t(`personnel.activityUnit.${kind ?? 'clinic'}`)}
          rules={[{ required: true }]}
        >
          <InputNumber
            min={0}
            max={ACTIVITY_MAX_COUNT[kind ?? 'clinic']}
            precision={0}
            inputMode="numeric"
            style={{ width: '100%' }}
            data-testid="activity-count"
          />
        </Form.Item>
        {kind === 'surgery_demo' && (
          <Form.Item
            name="procedureName"
            label={t('personnel.activity.procedureName')}
            rules={[{ required: true }]}
          >
            <Input maxLength={200} data-testid="activity-procedure" />
          </Form.Item>
        )}
        {(kind === 'lecture' || kind === 'case_discussion' || kind === 'teaching') && (
          <Form.Item name="topic" label={t('personnel.activity.topic')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('personnel.common.note')} extra={t('personnel.activity.editWindow')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </FormDrawer>
    </ConfigProvider>
  );
}
