import { useState } from 'react';
import {
  App,
  Button,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Slider,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, LineChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GoalTask } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { GovTag } from '../council/parts';
import { tasks, useReportProgress } from './api';

/** The tasks of one goal under the page's filters, with progress bars and their actions. */
export function TaskTable({
  goalId,
  filters,
  onEdit,
}: {
  goalId: string;
  filters: Record<string, string | undefined>;
  onEdit: (task: GoalTask) => void;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useApiError();
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const { data, isFetching } = tasks.useList({ goalId, ...filters, ...page });
  const remove = tasks.useRemove();
  const report = useReportProgress();
  const [reporting, setReporting] = useState<GoalTask | null>(null);
  const [form] = Form.useForm<{ progress: number; note?: string }>();
  const manage = can('goal.manage');

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await report.mutateAsync({ id: reporting!.id, progress: v.progress, note: v.note || null });
      void message.success(t('common.saved'));
      setReporting(null);
    } catch (e) {
      onError(e, form);
    }
  };

  const columns: TableColumnsType<GoalTask> = [
    {
      title: t('goal.tasks.title'),
      key: 'title',
      render: (_, x) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{x.title}</Typography.Text>
          {x.progressNote && (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, maxWidth: 320 }}
              ellipsis={{ tooltip: x.progressNote }}
            >
              {x.progressNote}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('goal.tasks.owner'),
      key: 'owner',
      render: (_, x) => (
        <span>
          {x.ownerName}
          {x.ownerInstitutionName && (
            <Typography.Text type="secondary"> · {x.ownerInstitutionName}</Typography.Text>
          )}
        </span>
      ),
    },
    { title: t('goal.tasks.dueOn'), dataIndex: 'dueOn', responsive: ['md'] },
    {
      title: t('goal.tasks.progress'),
      dataIndex: 'progress',
      width: 160,
      render: (p: number, x) => (
        <Progress
          percent={p}
          size="small"
          status={x.status === 'overdue' ? 'exception' : x.status === 'done' ? 'success' : 'active'}
        />
      ),
    },
    {
      title: t('goal.tasks.status'),
      dataIndex: 'status',
      render: (s: string) => <GovTag ns="taskStatus" value={s} testId="task-status" />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, x) => (
        <Space>
          {x.canReport && (
            <Button
              size="small"
              icon={<LineChartOutlined />}
              onClick={() => {
                form.setFieldsValue({ progress: x.progress, note: x.progressNote ?? '' });
                setReporting(x);
              }}
              data-testid="report-progress"
            >
              {t('goal.tasks.report')}
            </Button>
          )}
          {manage && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => onEdit(x)}
              aria-label={t('common.edit')}
            />
          )}
          {manage && <DeleteButton name={x.title} onDelete={() => remove.mutateAsync(x.id)} />}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Table<GoalTask>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: data?.total ?? 0,
          size: 'small',
          hideOnSinglePage: true,
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="task-table"
      />
      <Modal
        open={!!reporting}
        title={`${t('goal.tasks.report')} · ${reporting?.title ?? ''}`}
        onCancel={() => setReporting(null)}
        onOk={() => void submit()}
        confirmLoading={report.isPending}
        okButtonProps={{ 'data-testid': 'progress-save' } as never}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical">
          <Form.Item label={t('goal.tasks.progress')} required>
            <Flex gap={12} align="center">
              <Form.Item name="progress" noStyle>
                <Slider min={0} max={100} style={{ flex: 1 }} />
              </Form.Item>
              <Form.Item name="progress" noStyle rules={[{ required: true }]}>
                <InputNumber min={0} max={100} addonAfter="%" data-testid="progress-input" />
              </Form.Item>
            </Flex>
          </Form.Item>
          <Form.Item name="note" label={t('goal.tasks.note')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
