import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CrownOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  DISPATCH_ROLES,
  postingCreate,
  postingUpdate,
  type DispatchPosting,
  type DispatchRole,
} from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useEnumLabel } from '../../components/EnumSelect';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';
import { batches, postings } from './api';
import { DispatchTag, StaffSelect, XlsxButton, useDispatchLabel } from './parts';

interface Values {
  staffId?: string;
  role?: DispatchRole;
  hostInstitutionId?: string;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  isLeader: boolean;
  hostPosition?: string;
}

/** A batch with its members: roles, dates, the leader and management secondments. */
export default function BatchDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useDispatchLabel();
  const enumLabel = useEnumLabel();
  const batch = batches.useOne(id);
  const members = postings.useList({ batchId: id, pageSize: 200 });
  const create = postings.useCreate();
  const update = postings.useUpdate();
  const remove = postings.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const editor = useEditor<DispatchPosting, Values>(form, (p) =>
    p
      ? {
          ...p,
          startDate: fromDate(p.startDate),
          endDate: fromDate(p.endDate),
          hostPosition: p.hostPosition ?? '',
        }
      : { role: 'clinical', isLeader: false },
  );
  if (batch.isLoading) return <PageSpinner />;
  if (!batch.data) return <LoadError error={batch.error} onRetry={() => void batch.refetch()} />;
  const b = batch.data;
  const manages =
    can('dispatch.manage') &&
    (me.role !== 'institution_admin' || me.institutionId === b.sendingInstitutionId);

  const onSubmit = (v: Values) => {
    const payload = {
      role: v.role,
      hostInstitutionId: v.hostInstitutionId || undefined,
      startDate: toDate(v.startDate) ?? undefined,
      endDate: toDate(v.endDate) ?? undefined,
      isLeader: v.isLeader,
      hostPosition: v.role === 'management' ? textOrNull(v.hostPosition) : null,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, postingUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, postingCreate, { ...payload, batchId: id, staffId: v.staffId });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<DispatchPosting> = [
    {
      title: t('dispatch.common.staff'),
      key: 'staff',
      render: (_, p) => (
        <Space size={4} wrap>
          <strong>{p.staffName}</strong>
          {p.isLeader && (
            <Tag icon={<CrownOutlined />} color="gold">
              {t('dispatch.batch.isLeader')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('dispatch.common.title'),
      key: 'title',
      render: (_, p) => enumLabel('staffTitle', p.staffTitle),
    },
    { title: t('dispatch.expert.department'), dataIndex: 'departmentName', responsive: ['md'] },
    {
      title: t('dispatch.common.role'),
      key: 'role',
      render: (_, p) => <DispatchTag ns="role" value={p.role} />,
    },
    { title: t('dispatch.batch.hostPosition'), dataIndex: 'hostPosition', responsive: ['md'] },
    { title: t('dispatch.common.host'), dataIndex: 'hostInstitutionName', responsive: ['lg'] },
    { title: t('dispatch.common.period'), key: 'period', render: (_, p) => `${p.startDate} ~ ${p.endDate}` },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) =>
        manages && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(p)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={p.staffName} onDelete={() => remove.mutateAsync(p.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={b.name}
        subtitle={`${t('dispatch.batch.numberValue', { n: b.number })} · ${b.programmeName}`}
        extra={
          <>
            <XlsxButton path={`/dispatch/batches/${id}/roster`} testId="roster-export" />
            {manages && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={editor.openCreate}
                data-testid="add-member"
              >
                {t('dispatch.batch.addMember')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={mobile ? 1 : 3}>
          <Descriptions.Item label={t('dispatch.common.sending')}>
            {b.sendingInstitutionName}
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.common.host')}>{b.hostInstitutionName}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.common.period')}>
            {b.startDate} ~ {b.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.batch.leader')}>{b.leaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.batch.memberCount')}>{b.memberCount}</Descriptions.Item>
        </Descriptions>
      </Card>
      <LoadError error={members.error} onRetry={() => void members.refetch()} />
      <Table<DispatchPosting>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={members.data?.items}
        loading={members.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="member-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.batch.editMember') : t('dispatch.batch.addMember')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="member-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item name="staffId" label={t('dispatch.common.staff')} rules={[{ required: true }]}>
              <StaffSelect institutionId={b.sendingInstitutionId} disabled={!!editor.record} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="role" label={t('dispatch.common.role')} rules={[{ required: true }]}>
              <Select options={DISPATCH_ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="isLeader" label={t('dispatch.batch.isLeader')} valuePropName="checked">
              <Checkbox />
            </Form.Item>
          </Col>
          {role === 'management' && (
            <Col span={24}>
              <Form.Item
                name="hostPosition"
                label={t('dispatch.batch.hostPosition')}
                extra={t('dispatch.batch.hostPositionHint')}
              >
                <Input maxLength={60} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="hostInstitutionId" label={t('dispatch.common.host')}>
              <InstitutionSelect consortiumId={b.consortiumId} placeholder={b.hostInstitutionName} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="startDate"
              label={t('dispatch.common.startDate')}
              extra={t('dispatch.batch.datesHint')}
            >
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="endDate" label={t('dispatch.common.endDate')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
