import '../../i18n/council';
import { useState } from 'react';
import {
  App,
  Button,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  TASK_OWNER_KINDS,
  TASK_STATUSES,
  type Goal,
  type GoalTask,
  type TaskOwnerKind,
  type TaskStatus,
} from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import {
  FunctionalDepartmentPick,
  GovSelect,
  isoDay,
  useConsortiumScope,
  useGovLabel,
  UserPick,
  XlsxLink,
} from '../council/parts';
import { goals, tasks } from './api';
import { TaskTable } from './TaskTable';

interface GoalValues {
  year: number;
  title: string;
  description?: string | null;
}
interface TaskValues {
  goalId: string;
  title: string;
  description?: string | null;
  ownerKind: TaskOwnerKind;
  ownerId: string;
  dueOn: Dayjs;
  weight: number;
}

/** 目标分解: each yearly goal with its tasks (a tree), progress rolled up, filters, xlsx. */
export default function GoalPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useGovLabel();
  const { message } = App.useApp();
  const onError = useApiError();
  const { consortiumId, picker } = useConsortiumScope();
  const list = useListQuery(['year', 'ownerKind', 'ownerId', 'status', 'mine'] as const, {
    fixed: { consortiumId },
  });
  const year = list.filters.year ?? String(dayjs().year());
  const goalList = goals.useList(
    { consortiumId, year, page: list.page, pageSize: list.pageSize },
    { enabled: !!consortiumId },
  );
  const taskFilters = {
    q: list.params.q as string | undefined,
    ownerKind: list.filters.ownerKind,
    ownerId: list.filters.ownerId,
    status: list.filters.status,
    mine: list.filters.mine,
  };
  const createGoal = goals.useCreate();
  const updateGoal = goals.useUpdate();
  const removeGoal = goals.useRemove();
  const createTask = tasks.useCreate();
  const updateTask = tasks.useUpdate();
  const [goalForm] = Form.useForm<GoalValues>();
  const [taskForm] = Form.useForm<TaskValues>();
  const goalEditor = useEditor<Goal, GoalValues>(goalForm, (g) =>
    g ? { year: g.year, title: g.title, description: g.description } : { year: Number(year) },
  );
  const taskEditor = useEditor<GoalTask, TaskValues>(taskForm, (x) =>
    x
      ? {
          goalId: x.goalId,
          title: x.title,
          description: x.description,
          ownerKind: x.ownerKind,
          ownerId: x.ownerId,
          dueOn: dayjs(x.dueOn),
          weight: x.weight,
        }
      : { ownerKind: 'department', weight: 1 },
  );
  const [taskGoal, setTaskGoal] = useState<string | null>(null);
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const ownerKind = Form.useWatch('ownerKind', taskForm);
  const manage = can('goal.manage');

  const saveGoal = async (v: GoalValues) => {
    try {
      if (goalEditor.record)
        await updateGoal.mutateAsync({
          id: goalEditor.record.id,
          body: { ...v, description: v.description || null },
        });
      else
        await createGoal.mutateAsync({
          consortiumId: consortiumId!,
          ...v,
          description: v.description || null,
        });
      void message.success(t('common.saved'));
      goalEditor.close();
    } catch (e) {
      onError(e, goalForm);
    }
  };
  const saveTask = async (v: TaskValues) => {
    const body = {
      title: v.title,
      description: v.description || null,
      ownerKind: v.ownerKind,
      ownerId: v.ownerId,
      dueOn: isoDay(v.dueOn)!,
      weight: v.weight,
    };
    try {
      if (taskEditor.record) await updateTask.mutateAsync({ id: taskEditor.record.id, body });
      else await createTask.mutateAsync({ goalId: taskGoal!, ...body });
      void message.success(t('common.saved'));
      taskEditor.close();
    } catch (e) {
      onError(e, taskForm);
    }
  };

  const columns: TableColumnsType<Goal> = [
    {
      title: t('goal.goals.goalTitle'),
      key: 'title',
      render: (_, g) => (
        <Flex vertical gap={2}>
          <Typography.Text strong data-testid="goal-title">
            {g.year} · {g.title}
          </Typography.Text>
          {g.description && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {g.description}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('goal.goals.progress'),
      dataIndex: 'progress',
      width: 200,
      render: (p: number) => <Progress percent={p} size="small" data-testid="goal-progress" />,
    },
    {
      title: t('goal.goals.tasks'),
      key: 'counts',
      render: (_, g) => (
        <Space size={4} wrap>
          <span>{g.taskCount}</span>
          <Typography.Text type="success">
            {t('goal.goals.done')} {g.doneCount}
          </Typography.Text>
          {g.overdueCount > 0 && (
            <Typography.Text type="danger" data-testid="goal-overdue">
              {t('goal.goals.overdue')} {g.overdueCount}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, g: Goal) => (
              <Space>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => {
                    setTaskGoal(g.id);
                    taskEditor.openCreate();
                  }}
                  data-testid="add-task"
                >
                  {t('goal.tasks.new')}
                </Button>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => goalEditor.openEdit(g)}
                  aria-label={t('common.edit')}
                />
                <DeleteButton name={g.title} onDelete={() => removeGoal.mutateAsync(g.id)} />
              </Space>
            ),
          },
        ]
      : []),
  ];

  const years = Array.from({ length: 6 }, (_, k) => dayjs().year() + 1 - k);
  return (
    <>
      <PageHeader
        title={t('goal.goals.title')}
        extra={
          <Space wrap>
            {picker}
            {consortiumId && (
              <XlsxLink
                path="/goal-tasks/export"
                query={{ consortiumId, year, ...taskFilters }}
                testId="tasks-export"
              />
            )}
            {manage && consortiumId && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={goalEditor.openCreate}
                data-testid="new-goal"
              >
                {t('goal.goals.new')}
              </Button>
            )}
          </Space>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('goal.goals.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              value={year}
              onChange={(v) => list.setFilter('year', v)}
              options={years.map((y) => ({ value: String(y), label: `${y}` }))}
              style={{ width: mobile ? '100%' : 100 }}
              aria-label={t('goal.goals.year')}
            />
            <GovSelect
              ns="taskOwnerKind"
              values={TASK_OWNER_KINDS}
              allowClear
              value={list.filters.ownerKind as TaskOwnerKind | undefined}
              onChange={(v) => list.setFilters({ ownerKind: v, ownerId: undefined })}
              placeholder={t('goal.tasks.ownerKind')}
              style={{ width: mobile ? '100%' : 140 }}
            />
            {list.filters.ownerKind && (
              <OwnerPick
                kind={list.filters.ownerKind as TaskOwnerKind}
                consortiumId={consortiumId}
                value={list.filters.ownerId}
                onChange={(v) => list.setFilter('ownerId', v)}
                placeholder={t('goal.tasks.owner')}
                style={{ width: mobile ? '100%' : 200 }}
              />
            )}
            <GovSelect
              ns="taskStatus"
              values={TASK_STATUSES}
              allowClear
              value={list.filters.status as TaskStatus | undefined}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('goal.tasks.status')}
              style={{ width: mobile ? '100%' : 120 }}
              data-testid="task-status-filter"
            />
            <Select<string>
              allowClear
              value={list.filters.mine}
              onChange={(v) => list.setFilter('mine', v)}
              placeholder={t('goal.tasks.mine')}
              options={[{ value: 'true', label: t('goal.tasks.mine') }]}
              style={{ width: mobile ? '100%' : 140 }}
            />
          </>
        }
      />
      <LoadError error={goalList.error} onRetry={() => void goalList.refetch()} />
      <Table<Goal>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={goalList.data?.items}
        loading={goalList.isFetching}
        pagination={list.pagination(goalList.data?.total)}
        locale={{ emptyText: <Empty description={t('goal.goals.empty')} /> }}
        expandable={{
          expandedRowRender: (g) => (
            <TaskTable goalId={g.id} filters={taskFilters} onEdit={taskEditor.openEdit} />
          ),
          // Every goal opens on its tasks (a tree); the user folds what they do not need.
          expandedRowKeys: (goalList.data?.items ?? []).map((g) => g.id).filter((id) => !folded.has(id)),
          onExpand: (open, g) =>
            setFolded((f) => {
              const next = new Set(f);
              if (open) next.delete(g.id);
              else next.add(g.id);
              return next;
            }),
        }}
        scroll={{ x: 'max-content' }}
        data-testid="goal-table"
      />
      <FormDrawer<GoalValues>
        open={!!goalEditor.editing}
        title={goalEditor.record ? t('goal.goals.edit') : t('goal.goals.new')}
        form={goalForm}
        onClose={goalEditor.close}
        onSubmit={saveGoal}
        submitting={createGoal.isPending || updateGoal.isPending}
      >
        <Form.Item name="year" label={t('goal.goals.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('goal.goals.goalTitle')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="goal-title-input" />
        </Form.Item>
        <Form.Item name="description" label={t('goal.goals.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDrawer>
      <FormDrawer<TaskValues>
        open={!!taskEditor.editing}
        title={taskEditor.record ? t('goal.tasks.edit') : t('goal.tasks.new')}
        form={taskForm}
        onClose={taskEditor.close}
        onSubmit={saveTask}
        submitting={createTask.isPending || updateTask.isPending}
        testId="task-drawer"
      >
        <Form.Item
          name="title"
          label={t('goal.tasks.title')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="task-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={10}>
            <Form.Item name="ownerKind" label={t('goal.tasks.ownerKind')} rules={[{ required: true }]}>
              <Select
                options={TASK_OWNER_KINDS.map((k) => ({ value: k, label: label('taskOwnerKind', k) }))}
                onChange={() => taskForm.setFieldValue('ownerId', undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="ownerId" label={t('goal.tasks.owner')} rules={[{ required: true }]}>
              <OwnerPick
                kind={ownerKind ?? 'department'}
                consortiumId={consortiumId}
                data-testid="task-owner"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="dueOn" label={t('goal.tasks.dueOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} data-testid="task-due" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="weight"
              label={t('goal.tasks.weight')}
              extra={t('goal.tasks.weightHint')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('goal.goals.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDrawer>
    </>
  );
}

/** The owner picker of a kind: a functional department, a member institution or a person. */
function OwnerPick({
  kind,
  consortiumId,
  ...rest
}: {
  kind: TaskOwnerKind;
  consortiumId?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}) {
  if (kind === 'institution') return <InstitutionSelect consortiumId={consortiumId} {...rest} />;
  if (kind === 'user') return <UserPick consortiumId={consortiumId} {...rest} />;
  return <FunctionalDepartmentPick consortiumId={consortiumId} {...rest} />;
}
