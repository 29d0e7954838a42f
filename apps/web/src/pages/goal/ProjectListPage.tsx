import '../../i18n/council';
import { App, Button, DatePicker, Form, Input, Progress, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { KEY_PROJECT_KINDS, type KeyProject, type KeyProjectKind } from '@yilian/domain';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { GovSelect, GovTag, isoDay, useConsortiumScope, useGovLabel } from '../council/parts';
import { goals, useCreateProject, useProjectList } from './api';

interface Values {
  institutionId: string;
  kind: KeyProjectKind;
  title: string;
  goalId?: string | null;
  targetOn?: Dayjs | null;
  description?: string | null;
}

/** 重点项目: a centre opening, an accreditation ... with their checklist and milestone progress. */
export default function ProjectListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const label = useGovLabel();
  const { message } = App.useApp();
  const onError = useApiError();
  const { consortiumId, picker } = useConsortiumScope();
  const list = useListQuery(['kind', 'institutionId'] as const, { fixed: { consortiumId } });
  const { data, isFetching, error, refetch } = useProjectList(list.params);
  const goalOptions = goals.useList({ consortiumId, pageSize: 100 }, { enabled: !!consortiumId });
  const create = useCreateProject();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<KeyProject, Values>(form, () => ({ kind: 'accreditation' }));

  const save = async (v: Values) => {
    try {
      const p = await create.mutateAsync({
        consortiumId: consortiumId!,
        institutionId: v.institutionId,
        kind: v.kind,
        title: v.title,
        goalId: v.goalId ?? null,
        targetOn: isoDay(v.targetOn),
        description: v.description || null,
      });
      void message.success(t('common.saved'));
      editor.close();
      navigate(`/key-projects/${p.id}`);
    } catch (e) {
      onError(e, form);
    }
  };

  const columns: TableColumnsType<KeyProject> = [
    {
      title: t('goal.projects.projectTitle'),
      key: 'title',
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Link to={`/key-projects/${p.id}`} data-testid="project-link">
            {p.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.institutionName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('goal.projects.kind'),
      dataIndex: 'kind',
      render: (k: string) => <GovTag ns="keyProjectKind" value={k} />,
    },
    {
      title: t('goal.projects.targetOn'),
      dataIndex: 'targetOn',
      responsive: ['md'],
      render: (d: string | null) => d ?? '—',
    },
    {
      title: t('goal.projects.progress'),
      dataIndex: 'progress',
      width: 180,
      render: (p: number) => <Progress percent={p} size="small" data-testid="project-progress" />,
    },
    {
      title: t('goal.projects.items'),
      key: 'items',
      responsive: ['md'],
      render: (_, p) => `${p.itemsDone}/${p.itemCount}`,
    },
    {
      title: t('goal.projects.milestonesDone'),
      key: 'milestones',
      responsive: ['md'],
      render: (_, p) => (
        <span>
          {p.milestonesDone}/{p.milestoneCount}
          {p.overdueMilestones > 0 && (
            <Typography.Text type="danger">
              {' '}
              · {t('goal.projects.overdue')} {p.overdueMilestones}
            </Typography.Text>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('goal.projects.title')}
        extra={
          <Space wrap>
            {picker}
            {can('goal.manage') && consortiumId && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={editor.openCreate}
                data-testid="new-project"
              >
                {t('goal.projects.new')}
              </Button>
            )}
          </Space>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('goal.projects.searchPlaceholder')}
        filters={
          <>
            <GovSelect
              ns="keyProjectKind"
              values={KEY_PROJECT_KINDS}
              allowClear
              value={list.filters.kind as KeyProjectKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('goal.projects.kind')}
              style={{ width: mobile ? '100%' : 160 }}
            />
            <InstitutionSelect
              consortiumId={consortiumId}
              value={list.filters.institutionId}
              onChange={(v) => list.setFilter('institutionId', v)}
              placeholder={t('goal.projects.institution')}
              style={{ width: mobile ? '100%' : 200 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<KeyProject>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="project-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={t('goal.projects.new')}
        form={form}
        onClose={editor.close}
        onSubmit={save}
        submitting={create.isPending}
      >
        <Form.Item
          name="title"
          label={t('goal.projects.projectTitle')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('goal.projects.kind')} rules={[{ required: true }]}>
          <Select options={KEY_PROJECT_KINDS.map((k) => ({ value: k, label: label('keyProjectKind', k) }))} />
        </Form.Item>
        <Form.Item name="institutionId" label={t('goal.projects.institution')} rules={[{ required: true }]}>
          <InstitutionSelect consortiumId={consortiumId} />
        </Form.Item>
        <Form.Item name="goalId" label={t('goal.projects.goal')}>
          <Select
            allowClear
            options={(goalOptions.data?.items ?? []).map((g) => ({
              value: g.id,
              label: `${g.year} · ${g.title}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="targetOn" label={t('goal.projects.targetOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('goal.projects.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormDrawer>
    </>
  );
}
