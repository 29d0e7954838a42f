import '../../i18n/referral';
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Flex,
  Form,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { CAPACITY_KINDS, type CapacityKind, type CapacitySlot, type Me } from '@yilian/domain';
import { api, ApiError } from '../../api/client';
import { capacity, type CapacityCreate } from '../../api/referrals';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { FormDrawer } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { DepartmentSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';

/** One form publishes at most this many slots (days × labels). */
const MAX_SLOTS = 200;
const LABEL_SUGGESTIONS: Record<CapacityKind, string[]> = {
  clinic: ['上午专家号', '下午专家号', '普通号'],
  bed: ['转诊预留床位'],
};

/** The institution administrator manages their own institution; the office, every one of the consortium. */
function managesCapacity(me: Me, institutionId: string): boolean {
  if (!me.permissions.includes('capacity.manage')) return false;
  if (me.role === 'platform_admin' || me.role === 'consortium_office') return true;
  return me.institutionId === institutionId;
}

interface PublishValues {
  institutionId?: string;
  departmentId?: string;
  kind: CapacityKind;
  from?: Dayjs | null;
  to?: Dayjs | null;
  workdaysOnly: boolean;
  labels: string[];
  capacity?: number;
}

function datesBetween(from: Dayjs, to: Dayjs, workdaysOnly: boolean): string[] {
  const out: string[] = [];
  for (let d = from.startOf('day'); !d.isAfter(to, 'day') && out.length <= MAX_SLOTS; d = d.add(1, 'day')) {
    if (workdaysOnly && (d.day() === 0 || d.day() === 6)) continue;
    out.push(d.format('YYYY-MM-DD'));
  }
  return out;
}

/** Date range × labels × one capacity, in one form: one slot per day and label. */
function PublishDrawer({
  open,
  onClose,
  onPublished,
}: {
  open: boolean;
  onClose: () => void;
  /** Shows what was published: its institution and department from its first day. */
  onPublished: (where: { institutionId?: string; departmentId: string; from: string }) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const onError = useApiError();
  const [form] = Form.useForm<PublishValues>();
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const pickInstitution =
    me.role === 'platform_admin' || me.role === 'consortium_office' || !me.institutionId;
  const institutionId = Form.useWatch('institutionId', form) ?? me.institutionId ?? undefined;
  const kind = Form.useWatch('kind', form) ?? 'clinic';
  const from = Form.useWatch('from', form);
  const to = Form.useWatch('to', form);
  const workdaysOnly = Form.useWatch('workdaysOnly', form) ?? true;
  const labels = Form.useWatch('labels', form) ?? [];
  const days = from && to && !to.isBefore(from, 'day') ? datesBetween(from, to, workdaysOnly) : [];
  const count = days.length * labels.length;

  const onSubmit = async (v: PublishValues) => {
    if (count === 0 || count > MAX_SLOTS) return;
    const bodies: CapacityCreate[] = days.flatMap((date) =>
      v.labels.map((label) => ({
        departmentId: v.departmentId!,
        date,
        kind: v.kind,
        label: label.trim(),
        capacity: v.capacity!,
      })),
    );
    setBusy({ done: 0, total: bodies.length });
    let done = 0;
    let existing = 0;
    const failed: unknown[] = [];
    // A few at a time: the server takes one slot per request.
    const queue = [...bodies];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let b = queue.shift(); b; b = queue.shift()) {
          try {
            await api.post<CapacitySlot>('/capacity', b);
          } catch (e) {
            // 409: the same day, kind and name is already published; nothing to do.
            if (e instanceof ApiError && e.status === 409) existing++;
            else failed.push(e);
          }
          done++;
          setBusy({ done, total: bodies.length });
        }
      }),
    );
    setBusy(null);
    await qc.invalidateQueries({ queryKey: ['capacity'] });
    if (failed.length < bodies.length)
      onPublished({ institutionId: v.institutionId, departmentId: v.departmentId!, from: days[0]! });
    if (failed.length === 0) {
      void message.success(
        existing
          ? t('capacity.publishedExisting', { count: bodies.length - existing, existing })
          : t('capacity.published', { count: bodies.length }),
      );
      onClose();
    } else {
      if (failed.length < bodies.length)
        void message.warning(
          t('capacity.publishedSome', { count: bodies.length - failed.length, failed: failed.length }),
        );
      onError(failed[0], form);
    }
  };

  return (
    <FormDrawer<PublishValues>
      open={open}
      title={t('capacity.publish')}
      form={form}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={!!busy}
      testId="capacity-form"
      initialValues={{
        kind: 'clinic',
        workdaysOnly: true,
        labels: [LABEL_SUGGESTIONS.clinic[0]!],
        capacity: 3,
        from: dayjs().add(1, 'day'),
        to: dayjs().add(7, 'day'),
      }}
    >
      <Row gutter={16}>
        {pickInstitution && (
          <Col span={24}>
            <Form.Item name="institutionId" label={t('common.institution')} rules={[{ required: true }]}>
              <InstitutionSelect
                consortiumId={me.consortiumId ?? undefined}
                onChange={() => form.setFieldValue('departmentId', undefined)}
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="departmentId" label={t('common.department')} rules={[{ required: true }]}>
            <DepartmentSelect institutionId={institutionId} disabled={!institutionId} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t('capacity.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              onChange={(e) =>
                form.setFieldValue('labels', [LABEL_SUGGESTIONS[e.target.value as CapacityKind][0]])
              }
              options={CAPACITY_KINDS.map((k) => ({
                value: k,
                label: t(`referralEnums.capacityKind.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="from" label={t('capacity.from')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item
            name="to"
            label={t('capacity.to')}
            dependencies={['from']}
            rules={[
              { required: true },
              {
                validator: async (_, v: Dayjs | null) => {
                  const f = form.getFieldValue('from') as Dayjs | null;
                  if (v && f && v.isBefore(f, 'day')) throw new Error(t('capacity.toBeforeFrom'));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="workdaysOnly" label={t('capacity.workdaysOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item
            name="labels"
            label={t('capacity.labels')}
            rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
            extra={t('capacity.labelsHint')}
          >
            <Select
              mode="tags"
              tokenSeparators={[',', '，']}
              options={LABEL_SUGGESTIONS[kind].map((l) => ({ value: l, label: l }))}
              maxCount={10}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="capacity" label={t('capacity.capacityEach')} rules={[{ required: true }]}>
            <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Alert
        type={count > MAX_SLOTS ? 'error' : 'info'}
        showIcon
        title={
          count > MAX_SLOTS
            ? t('capacity.tooMany', { max: MAX_SLOTS })
            : t('capacity.preview', { count, days: days.length, labels: labels.length })
        }
        description={workdaysOnly ? t('capacity.workdaysHint') : undefined}
      />
      {busy && (
        <Progress
          percent={Math.round((busy.done / busy.total) * 100)}
          style={{ marginTop: 12 }}
          status="active"
        />
      )}
    </FormDrawer>
  );
}

function EditCapacity({ slot, onClose }: { slot: CapacitySlot | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = capacity.useUpdate();
  const onError = useApiError();
  const [form] = Form.useForm<{ capacity: number }>();
  return (
    <Modal
      open={!!slot}
      title={t('capacity.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
      afterOpenChange={(o) => o && slot && form.setFieldsValue({ capacity: slot.capacity })}
      forceRender
    >
      {slot && (
        <Typography.Paragraph type="secondary">
          {slot.date} · {slot.departmentName} · {slot.label}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          slot &&
          update.mutate(
            { id: slot.id, body: { capacity: v.capacity } },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (e) => onError(e, form),
            },
          )
        }
      >
        <Form.Item
          name="capacity"
          label={t('capacity.capacity')}
          rules={[{ required: true }]}
          extra={slot ? t('capacity.bookedHint', { booked: slot.booked }) : undefined}
        >
          <InputNumber min={slot?.booked ?? 0} max={500} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 预留号源与床位: what receiving departments keep for referrals, per day, with what is booked. */
export default function CapacityPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useCan();
  const mobile = useIsMobile();
  const list = useListQuery(['institutionId', 'departmentId', 'kind', 'from', 'to'] as const);
  const institutionId = list.filters.institutionId ?? me.institutionId ?? undefined;
  const today = dayjs().format('YYYY-MM-DD');
  const params = { ...list.params, institutionId, from: list.filters.from ?? today };
  const { data, isFetching, error, refetch } = capacity.useList(params);
  const remove = capacity.useRemove();
  const [publishing, setPublishing] = useState(false);
  const [editing, setEditing] = useState<CapacitySlot | null>(null);

  // Rows of one day are grouped under its date.
  const dateSpans = useMemo(() => {
    const items = data?.items ?? [];
    return items.map((s, i) => {
      if (i > 0 && items[i - 1]!.date === s.date) return 0;
      let n = 1;
      while (items[i + n]?.date === s.date) n++;
      return n;
    });
  }, [data]);

  const columns: TableColumnsType<CapacitySlot> = [
    {
      title: t('capacity.date'),
      dataIndex: 'date',
      onCell: (_, i) => ({ rowSpan: mobile ? 1 : (dateSpans[i ?? 0] ?? 1) }),
      render: (d: string) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {d}
          <br />
          <Typography.Text type="secondary">{dayjs(d).format('dddd')}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('common.department'),
      dataIndex: 'departmentName',
      render: (n: string, s) => (
        <span>
          {n}
          {!list.filters.institutionId && s.institutionId !== me.institutionId && (
            <Typography.Text type="secondary"> · {s.institutionName}</Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('capacity.kind'),
      dataIndex: 'kind',
      responsive: ['sm'],
      render: (k: CapacityKind) => <EnumTag ns="capacityKind" value={k} />,
    },
    { title: t('capacity.label'), dataIndex: 'label' },
    {
      title: t('capacity.bookedOfCapacity'),
      key: 'booked',
      render: (_, s) => (
        <Flex align="center" gap={8} style={{ minWidth: 110 }} data-testid="capacity-booked">
          <Progress
            percent={s.capacity ? Math.round((s.booked / s.capacity) * 100) : 100}
            showInfo={false}
            size="small"
            status={s.booked >= s.capacity ? 'exception' : 'normal'}
            style={{ width: 60, margin: 0 }}
          />
          <span>
            {s.booked}/{s.capacity}
          </span>
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        managesCapacity(me, s.institutionId) && (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(s)}>
              {t('capacity.change')}
            </Button>
            <DeleteButton
              name={`${s.date} ${s.departmentName} ${s.label}`}
              onDelete={() => remove.mutateAsync(s.id)}
              disabled={s.booked > 0}
            />
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.capacity')}
        subtitle={t('capacity.hint')}
        extra={
          can('capacity.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setPublishing(true)}
              data-testid="publish-capacity"
            >
              {t('capacity.publish')}
            </Button>
          )
        }
      />
      <ListToolbar
        list={list}
        search={false}
        filters={
          <>
            <InstitutionSelect
              consortiumId={me.consortiumId ?? undefined}
              value={institutionId}
              onChange={(v) => list.setFilters({ institutionId: v, departmentId: undefined })}
              allowClear={!me.institutionId}
              placeholder={t('common.institution')}
              style={{ width: 220 }}
            />
            <DepartmentSelect
              institutionId={institutionId}
              value={list.filters.departmentId}
              onChange={(v) => list.setFilter('departmentId', v)}
              placeholder={t('common.department')}
              style={{ width: 180 }}
            />
            <EnumSelect
              ns="capacityKind"
              values={CAPACITY_KINDS}
              value={list.filters.kind as CapacityKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              allowClear
              placeholder={t('capacity.kind')}
              style={{ width: 120 }}
            />
            <DatePicker
              value={dayjs(params.from)}
              onChange={(d) => list.setFilter('from', d ? d.format('YYYY-MM-DD') : undefined)}
              placeholder={t('capacity.from')}
              inputReadOnly
              allowClear={!!list.filters.from}
            />
            <DatePicker
              value={list.filters.to ? dayjs(list.filters.to) : null}
              onChange={(d) => list.setFilter('to', d ? d.format('YYYY-MM-DD') : undefined)}
              placeholder={t('capacity.to')}
              inputReadOnly
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<CapacitySlot>
        rowKey="id"
        size="small"
        bordered={!mobile}
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="capacity-table"
        locale={{ emptyText: t('capacity.empty') }}
      />
      <PublishDrawer
        open={publishing}
        onClose={() => setPublishing(false)}
        onPublished={(where) =>
          list.setFilters({
            institutionId: where.institutionId ?? list.filters.institutionId,
            departmentId: where.departmentId,
            from: where.from,
            kind: undefined,
            to: undefined,
          })
        }
      />
      <EditCapacity slot={editing} onClose={() => setEditing(null)} />
    </>
  );
}
