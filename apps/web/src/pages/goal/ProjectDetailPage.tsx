import '../../i18n/council';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Space,
  Table,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { ChecklistItem, Milestone } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { FunctionalDepartmentPick, GovTag, isoDay, XlsxLink } from '../council/parts';
import {
  evidenceUrl,
  useAddItem,
  useAddMilestone,
  useApplyTemplate,
  useProject,
  useRemoveItem,
  useRemoveMilestone,
  useRemoveProject,
  useUpdateItem,
  useUpdateMilestone,
  useUploadEvidence,
} from './api';

/** One key project: its milestones on a timeline and its readiness checklist, with completion. */
export default function ProjectDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useApiError();
  const { data: p, error, refetch, isLoading } = useProject(id);
  const addMilestone = useAddMilestone();
  const updateMilestone = useUpdateMilestone();
  const removeMilestone = useRemoveMilestone();
  const addItem = useAddItem();
  const applyTemplate = useApplyTemplate();
  const updateItem = useUpdateItem();
  const removeItem = useRemoveItem();
  const upload = useUploadEvidence();
  const removeProject = useRemoveProject();
  const [msForm] = Form.useForm<{ title: string; dueOn: Dayjs }>();
  const [itemForm] = Form.useForm<{
    chapter: string;
    standardRef?: string;
    title: string;
    ownerDepartmentId?: string;
  }>();
  const [dialog, setDialog] = useState<null | 'milestone' | 'item'>(null);

  if (isLoading) return <PageSpinner />;
  if (!p) return <LoadError error={error} onRetry={() => void refetch()} />;
  const manage = can('goal.manage');
  const tick = can('goal.progress');
  const guard = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (e) {
      onError(e);
    }
  };

  const saveDialog = async () => {
    try {
      if (dialog === 'milestone') {
        const v = await msForm.validateFields();
        await addMilestone.mutateAsync({
          projectId: p.id,
          body: { title: v.title, dueOn: isoDay(v.dueOn)! },
        });
      } else {
        const v = await itemForm.validateFields();
        await addItem.mutateAsync({
          projectId: p.id,
          body: {
            chapter: v.chapter,
            standardRef: v.standardRef || null,
            title: v.title,
            ownerDepartmentId: v.ownerDepartmentId ?? null,
          },
        });
      }
      void message.success(t('common.saved'));
      setDialog(null);
    } catch (e) {
      if ((e as { errorFields?: unknown }).errorFields) return;
      onError(e, dialog === 'milestone' ? msForm : itemForm);
    }
  };

  const milestoneItem = (m: Milestone) => ({
    color: m.doneOn ? 'green' : m.overdue ? 'red' : 'blue',
    children: (
      <Flex vertical gap={2} data-testid="milestone">
        <Typography.Text strong>{m.title}</Typography.Text>
        <Typography.Text type={m.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {t('goal.projects.dueOn')} {m.dueOn}
          {m.doneOn
            ? ` · ${t('goal.projects.doneOn')} ${m.doneOn}`
            : m.overdue
              ? ` · ${t('goal.projects.overdue')}`
              : ''}
        </Typography.Text>
        {manage && (
          <Space size={4}>
            <Button
              size="small"
              type="link"
              onClick={guard(() =>
                updateMilestone.mutateAsync({
                  id: m.id,
                  body: { doneOn: m.doneOn ? null : dayjs().format('YYYY-MM-DD') },
                }),
              )}
              data-testid="milestone-toggle"
            >
              {m.doneOn ? t('goal.projects.reopen') : t('goal.projects.markDone')}
            </Button>
            <DeleteButton name={m.title} onDelete={() => removeMilestone.mutateAsync(m.id)} />
          </Space>
        )}
      </Flex>
    ),
  });

  const columns: TableColumnsType<ChecklistItem> = [
    {
      title: t('goal.projects.done'),
      dataIndex: 'done',
      width: 60,
      render: (done: boolean, i) => (
        <Checkbox
          checked={done}
          disabled={!tick && !manage}
          onChange={(e) =>
            void guard(() => updateItem.mutateAsync({ id: i.id, body: { done: e.target.checked } }))()
          }
          aria-label={i.title}
          data-testid="item-done"
        />
      ),
    },
    {
      title: t('goal.projects.item'),
      key: 'title',
      render: (_, i) => (
        <Flex vertical gap={2}>
          <Typography.Text delete={false} strong={!i.done}>
            {i.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.chapter}
            {i.standardRef && !i.chapter.startsWith(i.standardRef) ? ` · ${i.standardRef}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('goal.projects.itemOwner'),
      key: 'owner',
      responsive: ['md'],
      render: (_, i) => [i.ownerDepartmentName, i.ownerUserName].filter(Boolean).join(' · ') || '—',
    },
    {
      title: t('goal.projects.evidence'),
      key: 'evidence',
      render: (_, i) => (
        <Space size={4}>
          {i.evidence && (
            <Button size="small" type="link" icon={<DownloadOutlined />} href={evidenceUrl(i.id)}>
              {i.evidence.name}
            </Button>
          )}
          {(tick || manage) && (
            <Upload
              accept=".pdf,.png,.jpg,.jpeg"
              showUploadList={false}
              beforeUpload={(file) => {
                upload.mutate({ id: i.id, file }, { onError: (e) => onError(e) });
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />} aria-label={t('goal.projects.uploadEvidence')} />
            </Upload>
          )}
        </Space>
      ),
    },
    ...(manage
      ? [
          {
            title: '',
            key: 'del',
            render: (_: unknown, i: ChecklistItem) => (
              <DeleteButton name={i.title} onDelete={() => removeItem.mutateAsync(i.id)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Link to="/key-projects">
        <ArrowLeftOutlined /> {t('goal.projects.back')}
      </Link>
      <PageHeader
        title={p.title}
        subtitle={`${p.institutionName} · ${p.consortiumName}`}
        extra={
          <Space wrap>
            <GovTag ns="keyProjectKind" value={p.kind} />
            {manage && (
              <DeleteButton
                name={p.title}
                onDelete={async () => {
                  await removeProject.mutateAsync(p.id);
                  navigate('/key-projects');
                }}
              />
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16} align="middle">
          <Col xs={24} md={8}>
            <Progress type="dashboard" percent={p.progress} size={100} data-testid="project-progress" />
          </Col>
          <Col xs={24} md={16}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item
                label={t('goal.projects.items')}
              >{`${p.itemsDone}/${p.itemCount}`}</Descriptions.Item>
              <Descriptions.Item
                label={t('goal.projects.milestonesDone')}
              >{`${p.milestonesDone}/${p.milestoneCount}`}</Descriptions.Item>
              <Descriptions.Item label={t('goal.projects.overdueMilestones')}>
                <Typography.Text type={p.overdueMilestones ? 'danger' : undefined}>
                  {p.overdueMilestones}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('goal.projects.targetOn')}>{p.targetOn ?? '—'}</Descriptions.Item>
            </Descriptions>
            {p.description && <Typography.Paragraph type="secondary">{p.description}</Typography.Paragraph>}
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card
            size="small"
            title={t('goal.projects.milestones')}
            extra={
              manage && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => (msForm.resetFields(), setDialog('milestone'))}
                >
                  {t('goal.projects.addMilestone')}
                </Button>
              )
            }
            style={{ marginBottom: 16 }}
          >
            <Timeline items={p.milestones.map(milestoneItem)} data-testid="milestones" />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            size="small"
            title={`${t('goal.projects.checklist')} ${p.itemsDone}/${p.itemCount}`}
            extra={
              <Space>
                <XlsxLink
                  small
                  path={`/key-projects/${p.id}/checklist/export`}
                  query={{}}
                  testId="checklist-export"
                />
                {manage && (
                  <Popconfirm
                    title={t('goal.projects.applyTemplate')}
                    description={<div style={{ maxWidth: 300 }}>{t('goal.projects.confirmTemplate')}</div>}
                    onConfirm={guard(() => applyTemplate.mutateAsync(p.id))}
                    okText={t('common.save')}
                    cancelText={t('common.cancel')}
                  >
                    <Button size="small" data-testid="apply-template">
                      {t('goal.projects.applyTemplate')}
                    </Button>
                  </Popconfirm>
                )}
                {manage && (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => (itemForm.resetFields(), setDialog('item'))}
                  >
                    {t('goal.projects.addItem')}
                  </Button>
                )}
              </Space>
            }
          >
            <Table<ChecklistItem>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={p.checklist}
              pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
              locale={{ emptyText: t('goal.projects.empty') }}
              scroll={{ x: 'max-content' }}
              data-testid="checklist"
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={!!dialog}
        title={dialog === 'milestone' ? t('goal.projects.addMilestone') : t('goal.projects.addItem')}
        onCancel={() => setDialog(null)}
        onOk={() => void saveDialog()}
        confirmLoading={addMilestone.isPending || addItem.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        {dialog === 'milestone' ? (
          <Form form={msForm} layout="vertical">
            <Form.Item
              name="title"
              label={t('goal.projects.milestone')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="dueOn" label={t('goal.projects.dueOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Form>
        ) : (
          <Form form={itemForm} layout="vertical">
            <Form.Item
              name="chapter"
              label={t('goal.projects.chapter')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="standardRef" label={t('goal.projects.standardRef')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('goal.projects.item')}
              rules={[{ required: true, whitespace: true, max: 300 }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="ownerDepartmentId" label={t('goal.projects.itemOwner')}>
              <FunctionalDepartmentPick consortiumId={p.consortiumId} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
