import '../../i18n/sharing';
import {
  App,
  Button,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  TimePicker,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import {
  RESOURCE_TYPES,
  resourceCreate,
  resourceUpdate,
  type Institution,
  type Page,
  type ResourceType,
  type SharedResource,
} from '@yilian/domain';
import { api } from '../../api/client';
import { resources } from '../../api/sharing';
import { DeleteButton } from '../../components/DeleteButton';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, textOrNull, validate } from '../../utils/form';
import { SharingTag, useSharingLabel } from './parts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

interface Values {
  ownerInstitutionId?: string;
  type?: ResourceType;
  name?: string;
  location?: string;
  openDays: number[];
  openFrom?: Dayjs | null;
  openTo?: Dayjs | null;
  slotMinutes?: number;
  capacityPerSlot?: number;
  allMembers: boolean;
  bookableInstitutionIds?: string[];
  active: boolean;
}

/** The members of the consortium, to say which may book. */
function MembersSelect({
  consortiumId,
  ...rest
}: {
  consortiumId?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { data, isFetching } = useQuery({
    queryKey: ['select', 'members', consortiumId],
    queryFn: ({ signal }) =>
      api.get<Page<Institution>>('/institutions', { consortiumId, pageSize: 200 }, signal),
    staleTime: 60_000,
  });
  return (
    <Select<string[]>
      mode="multiple"
      {...rest}
      loading={isFetching}
      optionFilterProp="label"
      placeholder={t('sharing.resource.pickMembers')}
      options={(data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
    />
  );
}

/** Who may change a resource: the consortium office, or an administrator of its owner. */
function managesResource(me: ReturnType<typeof useCurrentUser>, r: SharedResource) {
  if (!me.permissions.includes('sharing.manage')) return false;
  if (me.role === 'platform_admin' || me.role === 'consortium_office') return true;
  return me.institutionId === r.ownerInstitutionId;
}

/** 设备与中心目录: shared equipment and service centres of the consortium. */
export default function ResourceListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const label = useSharingLabel();
  const list = useListQuery(['type', 'ownerInstitutionId'] as const);
  const { data, isFetching, error, refetch } = resources.useList(list.params);
  const create = resources.useCreate();
  const update = resources.useUpdate();
  const remove = resources.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const allMembers = Form.useWatch('allMembers', form);
  const fixedOwner = me.role === 'institution_admin' ? me.institutionId : null;
  const editor = useEditor<SharedResource, Values>(form, (r) =>
    r
      ? {
          ownerInstitutionId: r.ownerInstitutionId,
          type: r.type,
          name: r.name,
          location: r.location ?? '',
          openDays: r.openDays,
          openFrom: dayjs(r.openFrom, 'HH:mm'),
          openTo: dayjs(r.openTo, 'HH:mm'),
          slotMinutes: r.slotMinutes,
          capacityPerSlot: r.capacityPerSlot,
          allMembers: r.bookableInstitutionIds === null,
          bookableInstitutionIds: r.bookableInstitutionIds ?? [],
          active: r.active,
        }
      : {
          ownerInstitutionId: fixedOwner ?? undefined,
          openDays: [1, 2, 3, 4, 5],
          openFrom: dayjs('08:00', 'HH:mm'),
          openTo: dayjs('17:00', 'HH:mm'),
          slotMinutes: 30,
          capacityPerSlot: 2,
          allMembers: true,
          bookableInstitutionIds: [],
          active: true,
        },
  );

  const onSubmit = (v: Values) => {
    const payload = {
      type: v.type,
      name: v.name?.trim(),
      location: textOrNull(v.location),
      openDays: [...(v.openDays ?? [])].sort(),
      openFrom: v.openFrom?.format('HH:mm'),
      openTo: v.openTo?.format('HH:mm'),
      slotMinutes: v.slotMinutes,
      capacityPerSlot: v.capacityPerSlot,
      bookableInstitutionIds: v.allMembers ? null : (v.bookableInstitutionIds ?? []),
      active: v.active,
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, resourceUpdate, changedFields(editor.record, payload));
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, resourceCreate, {
        ...payload,
        ownerInstitutionId: fixedOwner ?? v.ownerInstitutionId,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<SharedResource> = [
    {
      title: t('sharing.resource.name'),
      key: 'name',
      render: (_, r) => (
        <Flex vertical>
          <Link to={`/resources/${r.id}`} data-testid="resource-link">
            <Typography.Text strong>{r.name}</Typography.Text>
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.ownerInstitutionName}
            {mobile ? ` · ${r.openFrom}–${r.openTo}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('sharing.resource.type'),
      dataIndex: 'type',
      render: (v: string) => <SharingTag ns="resourceType" value={v} />,
    },
    {
      title: t('sharing.resource.openDays'),
      key: 'hours',
      responsive: ['md'],
      render: (_, r) => (
        <span>
          {r.openDays.map((d) => label('weekday', d)).join(' ')}
          <br />
          {r.openFrom}–{r.openTo}
        </span>
      ),
    },
    {
      title: t('sharing.resource.slot'),
      key: 'slot',
      responsive: ['lg'],
      render: (_, r) =>
        t('sharing.resource.slotValue', { minutes: r.slotMinutes, capacity: r.capacityPerSlot }),
    },
    {
      title: t('sharing.resource.status'),
      dataIndex: 'active',
      responsive: ['md'],
      render: (a: boolean) =>
        a ? (
          t('sharing.resource.active')
        ) : (
          <Typography.Text type="secondary">{t('sharing.resource.inactiveShort')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={0} wrap>
          <Link to={`/resources/${r.id}`}>
            <Button type="link" size="small" icon={<CalendarOutlined />}>
              {t('sharing.resource.slots')}
            </Button>
          </Link>
          {managesResource(me, r) && (
            <>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(r)}>
                {t('common.edit')}
              </Button>
              <DeleteButton name={r.name} onDelete={() => remove.mutateAsync(r.id)} />
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.sharingResources')}
        extra={
          can('sharing.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-resource"
            >
              {t('sharing.resource.create')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('sharing.resource.searchPlaceholder')}
        filters={
          <>
            <Select<string>
              allowClear
              value={list.filters.type}
              onChange={(v) => list.setFilter('type', v)}
              placeholder={t('sharing.resource.type')}
              style={{ width: mobile ? '100%' : 160 }}
              options={RESOURCE_TYPES.map((v) => ({ value: v, label: label('resourceType', v) }))}
            />
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={list.filters.ownerInstitutionId}
              onChange={(v) => list.setFilter('ownerInstitutionId', v)}
              placeholder={t('sharing.resource.owner')}
              style={{ width: mobile ? '100%' : 220 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<SharedResource>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="resource-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('sharing.resource.edit') : t('sharing.resource.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="resource-form"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="ownerInstitutionId"
              label={t('sharing.resource.owner')}
              rules={[{ required: true }]}
            >
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                disabled={!!editor.record || !!fixedOwner}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="type" label={t('sharing.resource.type')} rules={[{ required: true }]}>
              <Select options={RESOURCE_TYPES.map((v) => ({ value: v, label: label('resourceType', v) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('sharing.resource.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="location" label={t('sharing.resource.location')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="openDays"
              label={t('sharing.resource.openDays')}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <Checkbox.Group
                className="weekday-group"
                options={WEEKDAYS.map((d) => ({ value: d, label: label('weekday', d) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="openFrom" label={t('sharing.resource.openFrom')} rules={[{ required: true }]}>
              <TimePicker format="HH:mm" minuteStep={5} inputReadOnly={mobile} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="openTo"
              label={t('sharing.resource.openTo')}
              dependencies={['openFrom']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: async (_, v: Dayjs | null) => {
                    const from = getFieldValue('openFrom') as Dayjs | null;
                    if (v && from && v.format('HH:mm') <= from.format('HH:mm'))
                      throw new Error(t('validation.field.openTo'));
                  },
                }),
              ]}
            >
              <TimePicker format="HH:mm" minuteStep={5} inputReadOnly={mobile} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="slotMinutes"
              label={t('sharing.resource.slotMinutes')}
              rules={[{ required: true }]}
            >
              <InputNumber min={5} max={480} step={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="capacityPerSlot"
              label={t('sharing.resource.capacityPerSlot')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={200} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="allMembers" label={t('sharing.resource.bookable')} valuePropName="checked">
              <Switch
                checkedChildren={t('sharing.resource.allMembers')}
                unCheckedChildren={t('sharing.resource.chosenMembers')}
              />
            </Form.Item>
          </Col>
          {allMembers === false && (
            <Col span={24}>
              <Form.Item
                name="bookableInstitutionIds"
                label={t('sharing.resource.chosenMembers')}
                rules={[{ required: true, type: 'array', min: 1 }]}
              >
                <MembersSelect consortiumId={me.consortiumId ?? undefined} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="active" label={t('sharing.resource.status')} valuePropName="checked">
              <Switch
                checkedChildren={t('sharing.resource.active')}
                unCheckedChildren={t('sharing.resource.inactiveShort')}
              />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
