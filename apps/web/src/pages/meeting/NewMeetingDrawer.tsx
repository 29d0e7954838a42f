import { Button, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { MEETING_KINDS, MEETING_MODES, type MeetingKind, type MeetingMode } from '@yilian/domain';
import { FormDrawer } from '../../components/FormDrawer';
import { ConsortiumSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { textOrNull } from '../../utils/form';
import { useGovLabel } from '../ledger/parts';
import { useCreateMeeting, useMeetingRules } from './api';
import { RulePick } from './RulePick';
import { UserPick } from './UserPick';

interface Values {
  consortiumId?: string;
  title: string;
  kind: MeetingKind;
  mode: MeetingMode;
  room?: string;
  link?: string;
  startsAt: Dayjs;
  endsAt?: Dayjs;
  ruleDocumentId?: string;
  description?: string;
  agenda?: { title: string; presenter?: string; minutes?: number }[];
  inviteeUserIds?: string[];
}

/** Plan a meeting: when and where (a room, a link or both), the agenda and who is invited. */
export function NewMeetingDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const label = useGovLabel();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateMeeting();
  const showError = useApiError();
  const mode = Form.useWatch('mode', form);
  const consortiumId = Form.useWatch('consortiumId', form) ?? me.consortiumId;
  const rules = useMeetingRules(open ? consortiumId : null);

  const submit = (v: Values) =>
    create.mutate(
      {
        consortiumId: v.consortiumId ?? me.consortiumId,
        title: v.title,
        kind: v.kind,
        mode: v.mode,
        room: textOrNull(v.room),
        link: textOrNull(v.link),
        startsAt: v.startsAt.toISOString(),
        endsAt: v.endsAt ? v.endsAt.toISOString() : null,
        ruleDocumentId: v.ruleDocumentId ?? null,
        description: textOrNull(v.description),
        agenda: (v.agenda ?? [])
          .filter((a) => a?.title)
          .map((a) => ({ title: a.title, presenter: textOrNull(a.presenter), minutes: a.minutes ?? null })),
        inviteeUserIds: v.inviteeUserIds ?? [],
      },
      {
        onSuccess: (m) => {
          onClose();
          navigate(`/meetings/${m.id}`);
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <FormDrawer<Values>
      open={open}
      title={t('meeting.create')}
      form={form}
      onClose={onClose}
      onSubmit={submit}
      submitting={create.isPending}
      testId="meeting-form"
      width={720}
      initialValues={{ kind: 'regular', mode: 'hybrid', agenda: [{ title: '' }] }}
    >
      {!me.consortiumId && (
        <Form.Item name="consortiumId" label={t('ledger.consortium')} rules={[{ required: true }]}>
          <ConsortiumSelect />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('meeting.title')} rules={[{ required: true, max: 200 }]}>
        <Input data-testid="meeting-title" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t('meeting.kind')} rules={[{ required: true }]}>
            <Select options={MEETING_KINDS.map((k) => ({ value: k, label: label('meetingKind', k) }))} />
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
              <Input data-testid="meeting-room" />
            </Form.Item>
          </Col>
        )}
        {mode !== 'in_person' && (
          <Col xs={24} md={12}>
            <Form.Item name="link" label={t('meeting.link')} rules={[{ required: true, type: 'url' }]}>
              <Input placeholder="https://" data-testid="meeting-link" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="startsAt" label={t('meeting.startsAt')} rules={[{ required: true }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              data-testid="meeting-starts"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="endsAt" label={t('meeting.endsAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="ruleDocumentId" label={t('meeting.rule')}>
        <RulePick rules={rules} data-testid="meeting-rule" />
      </Form.Item>
      <Form.Item name="description" label={t('meeting.description')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      <Form.Item label={t('meeting.agenda')} required={false}>
        <Form.List name="agenda">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap>
                  <Form.Item name={[f.name, 'title']} noStyle>
                    <Input
                      placeholder={t('meeting.agendaTitle')}
                      style={{ flex: '2 1 200px' }}
                      data-testid="agenda-title"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'presenter']} noStyle>
                    <Input placeholder={t('meeting.presenter')} style={{ flex: '1 1 120px' }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'minutes']} noStyle>
                    <InputNumber
                      min={1}
                      max={600}
                      placeholder={t('meeting.minutesLength')}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t('common.delete')}
                  />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ title: '' })}>
                {t('meeting.addAgenda')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="inviteeUserIds" label={t('meeting.invitees')}>
        <UserPick consortiumId={consortiumId} mode="multiple" data-testid="meeting-invitees" />
      </Form.Item>
    </FormDrawer>
  );
}
