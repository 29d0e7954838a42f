import '../../i18n/personnel';
import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { enrolmentCreate, trainingSessionCreate, type TrainingSession } from '@yilian/domain';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { textOrNull, toDate, validate } from '../../utils/form';
import {
  enrolments,
  programmes,
  useAttendance,
  useCreateSession,
  useSaveAttendance,
  useSessions,
} from './api';
import { EnrolmentTable } from './EnrolmentTable';
import { StaffPicker, TrainingKindTag } from './parts';

/** One programme: what it offers, its trainees (and applying for one's staff), sessions and attendance. */
export default function TrainingProgrammeDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const onError = useApiError();
  const programme = programmes.useOne(id);
  const trainees = enrolments.useList({ programmeId: id, pageSize: 200 });
  const sessions = useSessions(id);
  const apply = enrolments.useCreate();
  const addSession = useCreateSession(id);
  const [applyForm] = Form.useForm<{ staffId?: string; note?: string }>();
  const [sessionForm] = Form.useForm<{ sessionDate?: Dayjs | null; topic?: string; location?: string }>();
  const [dialog, setDialog] = useState<'apply' | 'session' | null>(null);
  const [attendanceOf, setAttendanceOf] = useState<TrainingSession | null>(null);

  if (programme.error) return <LoadError error={programme.error} onRetry={() => void programme.refetch()} />;
  const p = programme.data;
  if (!p) return <PageSpinner />;
  const runs =
    can('training.manage') &&
    (me.role !== 'institution_admin' || me.institutionId === p.providerInstitutionId);
  const canApply =
    can('training.enrol') && !!me.institutionId && me.institutionId !== p.providerInstitutionId;

  const submitApply = (v: { staffId?: string; note?: string }) => {
    const body = validate(applyForm, t, enrolmentCreate, {
      programmeId: id,
      staffId: v.staffId,
      note: textOrNull(v.note),
    });
    if (body)
      apply.mutate(body, {
        onSuccess: () => {
          void message.success(t('personnel.training.status.applied'));
          setDialog(null);
        },
        onError: (e) => onError(e, applyForm),
      });
  };
  const submitSession = (v: { sessionDate?: Dayjs | null; topic?: string; location?: string }) => {
    const body = validate(sessionForm, t, trainingSessionCreate, {
      sessionDate: toDate(v.sessionDate),
      topic: v.topic?.trim(),
      location: textOrNull(v.location),
    });
    if (body)
      addSession.mutate(body, {
        onSuccess: () => setDialog(null),
        onError: (e) => onError(e, sessionForm),
      });
  };

  return (
    <>
      <PageHeader title={p.name} subtitle={<TrainingKindTag kind={p.kind} />} />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('personnel.training.provider')}>
              {p.providerInstitutionName}
            </Descriptions.Item>
            <Descriptions.Item label={t('personnel.training.department')}>
              {p.departmentName ?? p.specialty ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('personnel.training.seats')}>
              {t('personnel.training.seatsOf', {
                taken: p.seatsTaken,
                seats: p.seats ?? t('personnel.training.unlimited'),
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('personnel.common.period')}>
              {p.startDate} ~ {p.endDate ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('personnel.training.durationMonths')}>
              {p.durationMonths ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('personnel.training.description')}>
              {p.description ?? '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card
          size="small"
          title={t('personnel.training.enrolments')}
          extra={
            canApply && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  applyForm.resetFields();
                  setDialog('apply');
                }}
                data-testid="apply"
              >
                {t('personnel.training.apply')}
              </Button>
            )
          }
        >
          <LoadError error={trainees.error} onRetry={() => void trainees.refetch()} />
          <EnrolmentTable
            items={trainees.data?.items}
            loading={trainees.isFetching}
            pagination={false}
            showProgramme={false}
          />
        </Card>
        <Card
          size="small"
          title={t('personnel.training.sessions')}
          extra={
            runs && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  sessionForm.resetFields();
                  setDialog('session');
                }}
              >
                {t('personnel.training.addSession')}
              </Button>
            )
          }
        >
          <Table<TrainingSession>
            rowKey="id"
            size="small"
            dataSource={sessions.data}
            loading={sessions.isFetching}
            pagination={false}
            columns={[
              { title: t('personnel.training.sessionDate'), dataIndex: 'sessionDate' },
              { title: t('personnel.training.topic'), dataIndex: 'topic' },
              { title: t('personnel.training.location'), dataIndex: 'location', responsive: ['md'] },
              { title: t('personnel.training.present'), dataIndex: 'present', align: 'right' },
              { title: t('personnel.training.absent'), dataIndex: 'absent', align: 'right' },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_, s) => (
                  <Button size="small" onClick={() => setAttendanceOf(s)}>
                    {t('personnel.training.attendance')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      </Flex>
      <Modal
        open={dialog === 'apply'}
        title={t('personnel.training.applyTitle')}
        onCancel={() => setDialog(null)}
        onOk={() => applyForm.submit()}
        okButtonProps={{ loading: apply.isPending }}
      >
        <Form form={applyForm} layout="vertical" onFinish={submitApply}>
          <Form.Item name="staffId" label={t('personnel.training.staff')} rules={[{ required: true }]}>
            <StaffPicker institutionId={me.institutionId} />
          </Form.Item>
          <Form.Item name="note" label={t('personnel.common.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={dialog === 'session'}
        title={t('personnel.training.addSession')}
        onCancel={() => setDialog(null)}
        onOk={() => sessionForm.submit()}
        okButtonProps={{ loading: addSession.isPending }}
      >
        <Form
          form={sessionForm}
          layout="vertical"
          onFinish={submitSession}
          initialValues={{ sessionDate: dayjs() }}
        >
          <Form.Item
            name="sessionDate"
            label={t('personnel.training.sessionDate')}
            rules={[{ required: true }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="topic" label={t('personnel.training.topic')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="location" label={t('personnel.training.location')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
      {attendanceOf && (
        <AttendanceDialog session={attendanceOf} editable={runs} onClose={() => setAttendanceOf(null)} />
      )}
    </>
  );
}

/** Present or absent for each accepted trainee of the session's programme. */
function AttendanceDialog({
  session,
  editable,
  onClose,
}: {
  session: TrainingSession;
  editable: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const onError = useApiError();
  const rows = useAttendance(session.id);
  const save = useSaveAttendance(session.id);
  const [marks, setMarks] = useState<Record<string, boolean>>({});
  const value = (id: string, present: boolean | null) => marks[id] ?? present ?? false;
  return (
    <Modal
      open
      title={`${t('personnel.training.attendance')} · ${session.sessionDate} ${session.topic}`}
      onCancel={onClose}
      okButtonProps={{ disabled: !editable || !rows.data?.length, loading: save.isPending }}
      okText={t('personnel.training.saveAttendance')}
      onOk={() =>
        save.mutate(
          {
            records: (rows.data ?? []).map((r) => ({
              enrolmentId: r.enrolmentId,
              present: value(r.enrolmentId, r.present),
            })),
          },
          { onSuccess: onClose, onError: (e) => onError(e) },
        )
      }
    >
      <Table
        rowKey="enrolmentId"
        size="small"
        loading={rows.isFetching}
        dataSource={rows.data}
        pagination={false}
        columns={[
          { title: t('personnel.training.trainee'), dataIndex: 'staffName' },
          { title: t('personnel.training.institution'), dataIndex: 'institutionName' },
          {
            title: t('personnel.training.present'),
            key: 'present',
            render: (_, r) => (
              <Switch
                disabled={!editable}
                checked={value(r.enrolmentId, r.present)}
                onChange={(v) => setMarks((m) => ({ ...m, [r.enrolmentId]: v }))}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}
