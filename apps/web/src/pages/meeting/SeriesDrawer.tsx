import { useEffect } from 'react';
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { MEETING_KINDS, MEETING_MODES, MEETING_RECURRENCES, type MeetingSeries } from '@yilian/domain';
import { api } from '../../api/client';
import { FormDrawer } from '../../components/FormDrawer';
import { useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { textOrNull, toDate } from '../../utils/form';
import { useGovLabel } from '../ledger/parts';
import { MEETINGS_KEY, useMeetingRules } from './api';
import { RulePick } from './RulePick';
import { UserPick } from './UserPick';

interface Values {
  title: string;
  kind: string;
  recurrence: 'weekly' | 'monthly' | 'quarterly';
  weekday?: number;
  dayOfMonth?: number;
  time: string;
  durationMinutes: number;
  mode: string;
  room?: string;
  link?: string;
  ruleDocumentId?: string;
  inviteeUserIds?: string[];
  until: Dayjs;
}

/** A recurring series (例会 by the meeting rule): set it up and plan its meetings up to a date. */
export function SeriesDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const label = useGovLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const showError = useApiError();
  const recurrence = Form.useWatch('recurrence', form);
  const mode = Form.useWatch('mode', form);
  const kind = Form.useWatch('kind', form);
  const rules = useMeetingRules(open ? me.consortiumId : null);
  // A 例会 series follows the consortium's meeting rule when there is exactly one in force,
  // until the user picks another or none.
  useEffect(() => {
    if (!rules.data || form.isFieldTouched('ruleDocumentId')) return;
    const only = rules.data.length === 1 ? rules.data[0]!.documentId : undefined;
    form.setFieldValue('ruleDocumentId', kind === 'regular' ? only : undefined);
  }, [form, kind, rules.data]);
  const save = useMutation({
    mutationFn: async (v: Values) => {
      const series = await api.post<MeetingSeries>('/meeting-series', {
        consortiumId: me.consortiumId,
        title: v.title,
        kind: v.kind,
        recurrence: v.recurrence,
        weekday: v.recurrence === 'weekly' ? v.weekday : null,
        dayOfMonth: v.recurrence === 'weekly' ? null : v.dayOfMonth,
        time: v.time,
        durationMinutes: v.durationMinutes,
        mode: v.mode,
        room: textOrNull(v.room),
        link: textOrNull(v.link),
        ruleDocumentId: v.ruleDocumentId ?? null,
        inviteeUserIds: v.inviteeUserIds ?? [],
      });
      return api.post<{ created: number }>(`/meeting-series/${series.id}/generate`, {
        until: toDate(v.until),
      });
    },
    onSuccess: (r) => {
      void message.success(t('meeting.seriesPlanned', { count: r.created }));
      onClose();
      return qc.invalidateQueries({ queryKey: [MEETINGS_KEY] });
    },
    onError: (e) => showError(e, form),
  });
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    value: d,
    label: dayjs()
      .day(d % 7)
      .format('dddd'),
  }));

  return (
    <FormDrawer<Values>
      open={open}
      title={t('meeting.newSeries')}
      form={form}
      onClose={onClose}
      onSubmit={(v) => save.mutate(v)}
      submitting={save.isPending}
      initialValues={{
        kind: 'regular',
        recurrence: 'quarterly',
        dayOfMonth: 15,
        time: '14:30',
        durationMinutes: 120,
        mode: 'in_person',
        until: dayjs().add(1, 'year').subtract(1, 'day'),
      }}
    >
      <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t('meeting.kind')} rules={[{ required: true }]}>
            <Select options={MEETING_KINDS.map((k) => ({ value: k, label: label('meetingKind', k) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="recurrence" label={t('meeting.recurrence')} rules={[{ required: true }]}>
            <Select options={MEETING_RECURRENCES.map((k) => ({ value: k, label: label('recurrence', k) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          {recurrence === 'weekly' ? (
            <Form.Item name="weekday" label={t('meeting.weekday')} rules={[{ required: true }]}>
              <Select options={weekdays} />
            </Form.Item>
          ) : (
            <Form.Item name="dayOfMonth" label={t('meeting.dayOfMonth')} rules={[{ required: true }]}>
              <InputNumber min={1} max={28} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="time"
            label={t('meeting.time')}
            rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}
          >
            <Input placeholder="14:30" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="durationMinutes" label={t('meeting.minutesLength')} rules={[{ required: true }]}>
            <InputNumber min={15} max={600} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="mode" label={t('meeting.mode')} rules={[{ required: true }]}>
            <Select options={MEETING_MODES.map((k) => ({ value: k, label: label('meetingMode', k) }))} />
          </Form.Item>
        </Col>
        {mode !== 'online' && (
          <Col xs={24} md={12}>
            <Form.Item name="room" label={t('meeting.room')} rules={[{ required: true, max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        )}
        {mode !== 'in_person' && (
          <Col xs={24}>
            <Form.Item name="link" label={t('meeting.link')} rules={[{ required: true, type: 'url' }]}>
              <Input placeholder="https://" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="ruleDocumentId" label={t('meeting.rule')}>
        <RulePick rules={rules} data-testid="series-rule" />
      </Form.Item>
      <Form.Item name="inviteeUserIds" label={t('meeting.invitees')}>
        <UserPick consortiumId={me.consortiumId} mode="multiple" />
      </Form.Item>
      <Form.Item name="until" label={t('meeting.planUntil')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDrawer>
  );
}
