import { useEffect, useState } from 'react';
import { AutoComplete, Col, DatePicker, Input, Row, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { AUDIT_ACTIONS, type AuditEntry } from '@yilian/domain';
import { useAuditLog } from '../../api/audit';
import { EnumSelect, useEnumLabel } from '../../components/EnumSelect';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { formatDateTime } from '../../utils/form';
import zhEnums from '../../../../../packages/domain/src/labels/zh-CN.json';

// Every entity type the server writes has a label (a unit test checks it): offer them all.
const ENTITY_TYPES = Object.keys(zhEnums.entityType).sort();

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Top-level keys whose values differ between before and after. */
function changedKeys(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('audit.none')}</Typography.Text>;
  return <pre className="pre-json">{JSON.stringify(value, null, 2)}</pre>;
}

function AuditDetail({ e }: { e: AuditEntry }) {
  const { t } = useTranslation();
  const changed = changedKeys(e.before, e.after);
  return (
    <div data-testid="audit-detail">
      {changed.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('audit.changedFields')}: </Typography.Text>
          {changed.map((k) => (
            <Tag key={k} color="orange">
              {k}
            </Tag>
          ))}
        </div>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <Json value={e.before} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <Json value={e.after} />
        </Col>
      </Row>
      {(e.ip || e.entityId) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {e.entityId && `${t('audit.entityId')}: ${e.entityId}`}
          {e.ip && `  ·  IP: ${e.ip}`}
        </Typography.Paragraph>
      )}
    </div>
  );
}

export default function AuditLogPage() {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const mobile = useIsMobile();
  const list = useListQuery(['action', 'entityType', 'entityId', 'actor', 'from', 'to'] as const);
  const { data, isFetching, error, refetch } = useAuditLog(list.params);
  const [actor, setActor] = useState(list.filters.actor ?? '');
  const [entityType, setEntityType] = useState(list.filters.entityType ?? '');
  useEffect(() => setActor(list.filters.actor ?? ''), [list.filters.actor]);
  useEffect(() => setEntityType(list.filters.entityType ?? ''), [list.filters.entityType]);

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (v: string) => (
        <Tag
          color={v.endsWith('deleted') || v.includes('failed') || v.includes('locked') ? 'red' : undefined}
        >
          {label('auditAction', v)}
        </Tag>
      ),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      render: (v: string | null) =>
        v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      responsive: ['md'],
      render: (v: string) => label('entityType', v),
    },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      responsive: ['xl'],
      render: (v: string | null) =>
        v && (
          <Typography.Text code copyable={{ text: v }} style={{ fontSize: 12 }}>
            {v.length > 12 ? `${v.slice(0, 8)}…` : v}
          </Typography.Text>
        ),
    },
    { title: 'IP', dataIndex: 'ip', responsive: ['lg'] },
  ];

  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.hint')} />
      <ListToolbar
        list={list}
        placeholder={t('audit.searchPlaceholder')}
        filters={
          <>
            <EnumSelect
              ns="auditAction"
              values={AUDIT_ACTIONS}
              value={list.filters.action as (typeof AUDIT_ACTIONS)[number] | undefined}
              onChange={(v) => list.setFilter('action', v)}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.action')}
              style={{ width: 200 }}
              data-testid="audit-action"
            />
            <AutoComplete
              value={entityType}
              onChange={setEntityType}
              onSelect={(v: string) => list.setFilter('entityType', v)}
              onBlur={() => list.setFilter('entityType', entityType.trim() || undefined)}
              options={ENTITY_TYPES.map((v) => ({ value: v, label: `${label('entityType', v)} (${v})` }))}
              allowClear
              onClear={() => list.setFilter('entityType', undefined)}
              placeholder={t('audit.entityType')}
              style={{ width: 160 }}
            />
            <Input.Search
              value={actor}
              onChange={(e) => setActor(e.target.value)}
              onSearch={(v) => list.setFilter('actor', v.trim() || undefined)}
              allowClear
              placeholder={t('audit.actorPlaceholder')}
              aria-label={t('audit.actor')}
              style={{ width: 170 }}
            />
            {mobile ? (
              // A range picker's two months do not fit a phone: two single pickers instead.
              <>
                <DatePicker
                  value={list.filters.from ? dayjs(list.filters.from) : null}
                  onChange={(d) => list.setFilter('from', d ? d.format('YYYY-MM-DD') : undefined)}
                  placeholder={t('audit.from')}
                  inputReadOnly
                />
                <DatePicker
                  value={list.filters.to ? dayjs(list.filters.to) : null}
                  onChange={(d) => list.setFilter('to', d ? d.format('YYYY-MM-DD') : undefined)}
                  placeholder={t('audit.to')}
                  inputReadOnly
                />
              </>
            ) : (
              <DatePicker.RangePicker
                value={[
                  list.filters.from ? dayjs(list.filters.from) : null,
                  list.filters.to ? dayjs(list.filters.to) : null,
                ]}
                onChange={(r) =>
                  list.setFilters({
                    from: r?.[0] ? r[0].format('YYYY-MM-DD') : undefined,
                    to: r?.[1] ? r[1].format('YYYY-MM-DD') : undefined,
                  })
                }
                allowEmpty={[true, true]}
                placeholder={[t('audit.from'), t('audit.to')]}
                style={{ width: 250 }}
              />
            )}
            {list.filters.entityId && (
              <Tag closable onClose={() => list.setFilter('entityId', undefined)}>
                {t('audit.entityId')}: {list.filters.entityId}
              </Tag>
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (e) => <AuditDetail e={e} />,
          rowExpandable: (e) => e.before != null || e.after != null,
        }}
        data-testid="audit-table"
      />
    </>
  );
}
