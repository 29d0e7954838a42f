import { Card, Flex, Input, InputNumber, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { indicatorValue, type Indicator, type ReportValue } from '@yilian/domain';
import { useIsMobile } from '../../hooks/useIsMobile';
import type { EntryErrors } from './entry-errors';
import { formatNumber, useIndicatorName } from './parts';

// The rows of a report form: one per indicator, numerator / denominator / note, the value they
// make and the last approved value beside it. A table on a desktop, one card per indicator on a
// phone. Errors come keyed `${code}.${field}` and are shown under the input they concern.

export interface Entry {
  numerator: number | null;
  denominator: number | null;
  note: string;
}
export type Entries = Record<string, Entry>;

export interface EntryRow {
  value: ReportValue;
  def: Indicator | undefined;
}

function FieldError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }} data-testid="entry-error">
      {message}
    </Typography.Text>
  );
}

export function ReportEntry({
  rows,
  entries,
  errors,
  editable,
  onChange,
}: {
  rows: EntryRow[];
  entries: Entries;
  errors: EntryErrors;
  editable: boolean;
  onChange: (code: string, patch: Partial<Entry>) => void;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const name = useIndicatorName();

  const numerator = ({ value: v, def }: EntryRow) => {
    const e = entries[v.code];
    const err = errors[`${v.code}.numerator`];
    const common = {
      disabled: !editable,
      status: err ? ('error' as const) : undefined,
      style: { width: '100%' },
    };
    return (
      <div data-testid={`entry-numerator-${v.code}`}>
        {def?.kind === 'policy' ? (
          <Select<number>
            {...common}
            allowClear
            value={e?.numerator ?? undefined}
            onChange={(n) => onChange(v.code, { numerator: n ?? null })}
            options={[2, 1, 0].map((n) => ({ value: n, label: t(`indicator.entry.policy${n}`) }))}
            placeholder={t('indicator.entry.policyPick')}
            style={{ minWidth: 150, width: '100%' }}
          />
        ) : (
          <InputNumber<number>
            {...common}
            value={e?.numerator}
            onChange={(n) => onChange(v.code, { numerator: n ?? null })}
            aria-label={t('indicator.field.numerator')}
          />
        )}
        <FieldError message={err} />
      </div>
    );
  };
  const denominator = ({ value: v, def }: EntryRow) => {
    if (def?.kind !== 'rate') return <Typography.Text type="secondary">—</Typography.Text>;
    const err = errors[`${v.code}.denominator`];
    return (
      <div data-testid={`entry-denominator-${v.code}`}>
        <InputNumber<number>
          disabled={!editable}
          status={err ? 'error' : undefined}
          value={entries[v.code]?.denominator}
          onChange={(n) => onChange(v.code, { denominator: n ?? null })}
          style={{ width: '100%' }}
          aria-label={t('indicator.field.denominator')}
        />
        <FieldError message={err} />
      </div>
    );
  };
  const note = ({ value: v }: EntryRow) => {
    const err = errors[`${v.code}.note`];
    return (
      <div data-testid={`entry-note-${v.code}`}>
        <Input
          disabled={!editable}
          status={err ? 'error' : undefined}
          value={entries[v.code]?.note}
          maxLength={500}
          onChange={(ev) => onChange(v.code, { note: ev.target.value })}
          placeholder={t('indicator.entry.notePlaceholder')}
        />
        <FieldError message={err} />
      </div>
    );
  };
  // The value as the entered figures make it (the server computes the same with the same helper).
  const computed = ({ value: v, def }: EntryRow) => {
    const e = entries[v.code];
    const value = def && e ? indicatorValue(def, e.numerator, e.denominator) : v.value;
    return <span data-testid={`entry-value-${v.code}`}>{formatNumber(value, def?.unit)}</span>;
  };
  const previous = ({ value: v, def }: EntryRow) => formatNumber(v.previousValue, def?.unit);
  const title = ({ value: v, def }: EntryRow) => (
    <Flex vertical style={{ maxWidth: mobile ? undefined : 300 }}>
      <Typography.Text strong>{name(def, v.code)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {v.code}
        {def?.numerator ? ` · ${t('indicator.field.numerator')}: ${def.numerator}` : ''}
        {def?.denominator ? ` · ${t('indicator.field.denominator')}: ${def.denominator}` : ''}
      </Typography.Text>
      <FieldError message={errors[`${v.code}.row`]} />
    </Flex>
  );

  if (mobile)
    return (
      <Flex vertical gap={12} data-testid="report-entry">
        {rows.map((r) => (
          <Card key={r.value.code} size="small" title={title(r)} data-testid="entry-card">
            <Flex vertical gap={8}>
              <label>
                {t('indicator.field.numerator')}
                {numerator(r)}
              </label>
              {r.def?.kind === 'rate' && (
                <label>
                  {t('indicator.field.denominator')}
                  {denominator(r)}
                </label>
              )}
              <Flex justify="space-between">
                <span>
                  {t('indicator.entry.value')}: {computed(r)}
                </span>
                <Typography.Text type="secondary">
                  {t('indicator.entry.previous')}: {previous(r)}
                </Typography.Text>
              </Flex>
              <label>
                {t('indicator.field.note')}
                {note(r)}
              </label>
            </Flex>
          </Card>
        ))}
      </Flex>
    );

  const columns: TableColumnsType<EntryRow> = [
    { title: t('indicator.field.name'), key: 'name', render: (_, r) => title(r) },
    { title: t('indicator.field.numerator'), key: 'numerator', width: 170, render: (_, r) => numerator(r) },
    {
      title: t('indicator.field.denominator'),
      key: 'denominator',
      width: 150,
      render: (_, r) => denominator(r),
    },
    { title: t('indicator.entry.value'), key: 'value', align: 'right', render: (_, r) => computed(r) },
    { title: t('indicator.entry.previous'), key: 'previous', align: 'right', render: (_, r) => previous(r) },
    { title: t('indicator.field.note'), key: 'note', width: 240, render: (_, r) => note(r) },
  ];
  return (
    <Table<EntryRow>
      rowKey={(r) => r.value.code}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="report-entry"
    />
  );
}
