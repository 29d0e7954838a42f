import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { expertCreate, expertUpdate, type ExpertProfile } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { useEnumLabel } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';
import { experts } from './api';
import { StaffSelect, useDispatchLabel } from './parts';

interface Values {
  institutionId?: string;
  staffId?: string;
  specialty?: string;
  maxWeeksPerYear?: number;
  availableFrom?: Dayjs | null;
  availableTo?: Dayjs | null;
  unavailable: { range?: [Dayjs, Dayjs] | null; reason?: string }[];
  active: boolean;
}

/** The expert pool: who may be sent, their weeks away and when they are not available. */
export function ExpertsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useDispatchLabel();
  const enumLabel = useEnumLabel();
  const list = useListQuery(['institutionId'] as const);
  const { data, isFetching, error, refetch } = experts.useList(list.params);
  const create = experts.useCreate();
  const update = experts.useUpdate();
  const remove = experts.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const institutionId = Form.useWatch('institutionId', form);
  const fixedInst = me.role === 'institution_admin' ? me.institutionId : null;
  const manages = (e: ExpertProfile) =>
    can('dispatch.manage') && (me.role !== 'institution_admin' || me.institutionId === e.institutionId);
  const editor = useEditor<ExpertProfile, Values>(form, (e) =>
    e
      ? {
          ...e,
          availableFrom: fromDate(e.availableFrom),
          availableTo: fromDate(e.availableTo),
          unavailable: e.unavailable.map((u) => ({
            range: [fromDate(u.start)!, fromDate(u.end)!],
            reason: u.reason ?? '',
          })),
        }
      : { institutionId: fixedInst ?? undefined, maxWeeksPerYear: 12, unavailable: [], active: true },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      specialty: v.specialty?.trim(),
      maxWeeksPerYear: v.maxWeeksPerYear,
      availableFrom: toDate(v.availableFrom),
      availableTo: toDate(v.availableTo),
      unavailable: (v.unavailable ?? [])
        .filter((u) => u.range?.[0] && u.range?.[1])
        .map((u) => ({
          start: toDate(u.range![0])!,
          end: toDate(u.range![1])!,
          reason: textOrNull(u.reason),
        })),
      active: v.active,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, expertUpdate, changedFields(editor.record, payload));
      if (body)
        update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, expertCreate, { ...payload, staffId: v.staffId });
      if (body) create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<ExpertProfile> = [
    {
      title: t('dispatch.common.staff'),
      key: 'name',
      render: (_, e) => (
        <Space size={4}>
          <strong>{e.staffName}</strong>
          {!e.active && <Tag>{t('dispatch.expert.inactive')}</Tag>}
        </Space>
      ),
    },
    { title: t('dispatch.common.specialty'), dataIndex: 'specialty' },
    {
      title: t('dispatch.common.title'),
      key: 'title',
      render: (_, e) => `${enumLabel('staffTitle', e.staffTitle)}（${label('titleRank', e.titleRank)}）`,
    },
    {
      title: t('dispatch.expert.department'),
      key: 'dept',
      responsive: ['md'],
      render: (_, e) => `${e.institutionName} ${e.departmentName ?? ''}`,
    },
    { title: t('dispatch.expert.maxWeeks'), dataIndex: 'maxWeeksPerYear', responsive: ['md'] },
    {
      title: t('dispatch.expert.unavailable'),
      key: 'unavailable',
      responsive: ['lg'],
      render: (_, e) =>
        e.unavailable.map((u) => (
          <Tag key={u.start}>{`${u.start}~${u.end}${u.reason ? ` ${u.reason}` : ''}`}</Tag>
        )),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, e) =>
        manages(e) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(e)}>
              {t('common.edit')}
            </Button>
            <DeleteButton name={e.staffName} onDelete={() => remove.mutateAsync(e.id)} />
          </Space>
        ),
    },
  ];

  return (
    <>
      <ListToolbar
        list={list}
        placeholder={t('dispatch.expert.search')}
        filters={
          <InstitutionSelect
            consortiumId={me.consortiumId ?? undefined}
            value={list.filters.institutionId}
            onChange={(v) => list.setFilter('institutionId', v)}
            placeholder={t('dispatch.common.sending')}
            style={{ width: mobile ? '100%' : 220 }}
          />
        }
        actions={
          can('dispatch.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-expert"
            >
              {t('dispatch.expert.create')}
            </Button>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<ExpertProfile>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="expert-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('dispatch.expert.edit') : t('dispatch.expert.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="expert-form"
      >
        <Row gutter={16}>
          {!editor.record && (
            <>
              <Col xs={24} md={12}>
                <Form.Item
                  name="institutionId"
                  label={t('dispatch.common.sending')}
                  rules={[{ required: true }]}
                >
                  <InstitutionSelect consortiumId={me.consortiumId ?? undefined} disabled={!!fixedInst} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="staffId" label={t('dispatch.common.staff')} rules={[{ required: true }]}>
                  <StaffSelect institutionId={institutionId} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={12}>
            <Form.Item
              name="specialty"
              label={t('dispatch.common.specialty')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="maxWeeksPerYear"
              label={t('dispatch.expert.maxWeeks')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={52} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="availableFrom" label={t('dispatch.expert.availableFrom')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="availableTo" label={t('dispatch.expert.availableTo')}>
              <DatePicker style={{ width: '100%' }} inputReadOnly={mobile} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('dispatch.expert.unavailable')}>
              <Form.List name="unavailable">
                {(fields, { add, remove: drop }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" wrap>
                        <Form.Item name={[f.name, 'range']} rules={[{ required: true }]}>
                          <DatePicker.RangePicker inputReadOnly={mobile} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'reason']}>
                          <Input placeholder={t('dispatch.expert.reason')} maxLength={100} />
                        </Form.Item>
                        <MinusCircleOutlined onClick={() => drop(f.name)} />
                      </Space>
                    ))}
                    <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                      {t('dispatch.expert.addRange')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="active" label={t('dispatch.expert.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
