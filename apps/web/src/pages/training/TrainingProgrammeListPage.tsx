import '../../i18n/personnel';
import {
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  TRAINING_KINDS,
  trainingProgrammeCreate,
  trainingProgrammeUpdate,
  type TrainingKind,
  type TrainingProgramme,
} from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';
import { XlsxLink } from '../activity/parts';
import { programmes } from './api';
import { TrainingKindTag } from './parts';

interface Values {
  kind?: TrainingKind;
  providerInstitutionId?: string;
  name?: string;
  departmentId?: string | null;
  seats?: number | null;
  durationMonths?: number | null;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  description?: string;
}

/** 进修培训项目: further-study places, courses and management rotations the consortium offers. */
export default function TrainingProgrammeListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const onError = useApiError();
  const list = useListQuery(['kind', 'providerInstitutionId', 'open'] as const);
  const { data, isFetching, error, refetch } = programmes.useList(list.params);
  const create = programmes.useCreate();
  const update = programmes.useUpdate();
  const remove = programmes.useRemove();
  const [form] = Form.useForm<Values>();
  const provider = Form.useWatch('providerInstitutionId', form);
  const fixedProvider = me.role === 'institution_admin' ? me.institutionId : null;
  const runs = (p: TrainingProgramme) =>
    can('training.manage') &&
    (me.role !== 'institution_admin' || me.institutionId === p.providerInstitutionId);
  const editor = useEditor<TrainingProgramme, Values>(form, (p) =>
    p
      ? {
          ...p,
          startDate: fromDate(p.startDate),
          endDate: fromDate(p.endDate),
          description: p.description ?? '',
        }
      : { kind: 'further_study', providerInstitutionId: fixedProvider ?? undefined },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      name: v.name?.trim(),
      departmentId: v.departmentId ?? null,
      seats: v.seats ?? null,
      durationMonths: v.durationMonths ?? null,
      startDate: toDate(v.startDate),
      endDate: toDate(v.endDate),
      description: textOrNull(v.description),
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, trainingProgrammeUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, trainingProgrammeCreate, {
        ...payload,
        kind: v.kind,
        providerInstitutionId: fixedProvider ?? v.providerInstitutionId,
      });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<TrainingProgramme> = [
    {
      title: t('personnel.training.name'),
      key: 'name',
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <Link to={`/training/programmes/${p.id}`} data-testid="programme-link">
            <Typography.Text strong>{p.name}</Typography.Text>
          </Link>
          <Space size={4} wrap>
            <TrainingKindTag kind={p.kind} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.providerInstitutionName}
              {p.departmentName ? ` · ${p.departmentName}` : ''}
            </Typography.Text>
          </Space>
        </Space>
      ),
    },
    {
      title: t('personnel.training.seats'),
      key: 'seats',
      render: (_, p) =>
        t('personnel.training.seatsOf', {
          taken: p.seatsTaken,
          seats: p.seats ?? t('personnel.training.unlimited'),
        }),
    },
    { title: t('personnel.training.applications'), dataIndex: 'applications', responsive: ['md'] },
    { title: t('personnel.training.durationMonths'), dataIndex: 'durationMonths', responsive: ['lg'] },
    {
      title: t('personnel.common.period'),
      key: 'period',
      responsive: ['md'],
      render: (_, p) => `${p.startDate} ~ ${p.endDate ?? ''}`,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, p) =>
        runs(p) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(p)}>
              {t('common.edit')}
            </Button>
            <DeleteButton
              name={p.name}
              onDelete={() => remove.mutateAsync(p.id)}
              disabled={p.applications > 0}
            />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('personnel.training.programmes')}
        extra={
          <>
            {can('training.manage') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={editor.openCreate}
                data-testid="create-programme"
              >
                {t('personnel.training.create')}
              </Button>
            )}
            <XlsxLink path="/training-programmes/export" query={list.params} />
          </>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('personnel.training.search')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.kind}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('personnel.common.kind')}
              style={{ width: mobile ? '100%' : 150 }}
              options={TRAINING_KINDS.map((k) => ({ value: k, label: t(`personnel.training.kind.${k}`) }))}
            />
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.providerInstitutionId}
              onChange={(v) => list.setFilter('providerInstitutionId', v)}
              placeholder={t('personnel.training.provider')}
              style={{ width: mobile ? '100%' : 200 }}
            />
            <Checkbox
              checked={list.filters.open === 'true'}
              onChange={(e) => list.setFilter('open', e.target.checked ? 'true' : undefined)}
            >
              {t('personnel.training.open')}
            </Checkbox>
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<TrainingProgramme>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="programme-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={t(editor.record ? 'personnel.training.edit' : 'personnel.training.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="programme-form"
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('personnel.common.kind')} rules={[{ required: true }]}>
              <Select
                disabled={!!editor.record}
                options={TRAINING_KINDS.map((k) => ({ value: k, label: t(`personnel.training.kind.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="providerInstitutionId"
              label={t('personnel.training.provider')}
              rules={[{ required: true }]}
            >
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedProvider}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="name" label={t('personnel.training.name')} rules={[{ required: true }]}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="departmentId" label={t('personnel.training.department')}>
              <DepartmentSelect institutionId={provider ?? editor.record?.providerInstitutionId} allowClear />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="seats" label={t('personnel.training.seats')}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="durationMonths" label={t('personnel.training.durationMonths')}>
              <InputNumber min={1} max={36} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="startDate"
              label={t('personnel.training.startDate')}
              rules={[{ required: true }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="endDate" label={t('personnel.training.endDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('personnel.training.description')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
