import '../../i18n/referral';
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { FollowUpTask } from '@yilian/domain';
import { useCompleteFollowUp, useFollowUps } from '../../api/referrals';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { formatDateTime, textOrUndefined } from '../../utils/form';

function DueTag({ task }: { task: FollowUpTask }) {
  const { t } = useTranslation();
  if (task.doneAt) return <Tag color="green">{t('followUp.done')}</Tag>;
  const days = dayjs(task.dueOn).startOf('day').diff(dayjs().startOf('day'), 'day');
  if (days < 0) return <Tag color="red">{t('followUp.overdueDays', { count: -days })}</Tag>;
  if (days === 0) return <Tag color="orange">{t('followUp.dueToday')}</Tag>;
  return <Tag color={days <= 3 ? 'gold' : 'blue'}>{t('followUp.dueInDays', { count: days })}</Tag>;
}

/** 随访任务: after a down-referral, the primary institution records each follow-up of the plan. */
export default function FollowUpPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const list = useListQuery(['done'] as const);
  const done = list.filters.done === 'true' ? 'true' : 'false';
  const { data, isFetching, error, refetch } = useFollowUps({ ...list.params, done });
  const complete = useCompleteFollowUp();
  const onError = useApiError();
  const [form] = Form.useForm<{ note?: string }>();
  const [recording, setRecording] = useState<FollowUpTask | null>(null);

  const columns: TableColumnsType<FollowUpTask> = [
    {
      title: t('followUp.dueOn'),
      dataIndex: 'dueOn',
      render: (d: string, task) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {d} <DueTag task={task} />
        </span>
      ),
    },
    {
      title: t('followUp.task'),
      key: 'task',
      render: (_, task) => (
        <div>
          <Typography.Text strong>{task.patientName}</Typography.Text> · {task.title}
          {task.note && (
            <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {task.note}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: t('followUp.referral'),
      dataIndex: 'referralCode',
      responsive: ['md'],
      render: (code: string, task) => <Link to={`/referrals/${task.referralId}`}>{code}</Link>,
    },
    ...(done === 'true'
      ? [
          {
            title: t('followUp.doneAt'),
            key: 'doneAt',
            responsive: ['sm' as const],
            render: (_: unknown, task: FollowUpTask) => `${formatDateTime(task.doneAt)} ${task.doneBy ?? ''}`,
          },
        ]
      : [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, task: FollowUpTask) =>
              can('referral.handle') && (
                <Button
                  size="small"
                  type="primary"
                  ghost
                  icon={<CheckOutlined />}
                  onClick={() => {
                    form.resetFields();
                    setRecording(task);
                  }}
                  data-testid="record-follow-up"
                >
                  {t('followUp.record')}
                </Button>
              ),
          },
        ]),
  ];

  return (
    <>
      <PageHeader title={t('nav.followUps')} subtitle={t('followUp.hint')} />
      <ListToolbar
        list={list}
        placeholder={t('followUp.searchPlaceholder')}
        filters={
          <Segmented
            value={done}
            onChange={(v) => list.setFilter('done', v === 'true' ? 'true' : undefined)}
            options={[
              { value: 'false', label: t('followUp.pending') },
              { value: 'true', label: t('followUp.done') },
            ]}
          />
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<FollowUpTask>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: done === 'true' ? t('followUp.emptyDone') : t('followUp.empty') }}
        data-testid="follow-up-table"
      />
      <Modal
        open={!!recording}
        title={t('followUp.recordTitle', { title: recording?.title ?? '' })}
        onCancel={() => setRecording(null)}
        onOk={() => form.submit()}
        okText={t('followUp.record')}
        cancelText={t('common.cancel')}
        confirmLoading={complete.isPending}
        forceRender
      >
        {recording && (
          <Typography.Paragraph type="secondary">
            {recording.patientName} · {recording.referralCode} · {t('followUp.dueOn')} {recording.dueOn}
          </Typography.Paragraph>
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            recording &&
            complete.mutate(
              { id: recording.id, note: textOrUndefined(v.note) },
              {
                onSuccess: () => {
                  void message.success(t('followUp.recorded'));
                  setRecording(null);
                },
                onError: (e) => onError(e, form),
              },
            )
          }
        >
          <Form.Item name="note" label={t('followUp.note')}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={2000}
              placeholder={t('followUp.notePlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
