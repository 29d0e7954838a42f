import { useState } from 'react';
import { Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  SCORING_RULES,
  roundMarks,
  score,
  scoringItemProblem,
  type Indicator,
  type ScoringRule,
} from '@yilian/domain';
import { FormDrawer } from '../../components/FormDrawer';
import { formatNumber, useIndicatorLabel, useIndicatorName } from '../indicator/parts';

export interface ItemValues {
  code?: string;
  weight?: number;
  rule?: ScoringRule;
  target?: number | null;
  floor?: number | null;
}
export interface SchemeValues {
  name?: string;
  year?: number;
  items: ItemValues[];
}

/** What a value would score under the item as it stands: the rule, explained, and a try-out. */
function ItemPreview({ item, def }: { item: ItemValues; def: Indicator | undefined }) {
  const { t } = useTranslation();
  const [trial, setTrial] = useState<number | null>(null);
  if (!def || !item.rule) return null;
  const scoring = {
    rule: item.rule,
    direction: def.direction,
    weight: item.weight ?? 0,
    target: item.target ?? null,
    floor: item.floor ?? null,
  };
  const problem = scoringItemProblem(scoring);
  const explain = t(`indicator.scheme.ruleExplain.${item.rule}`, {
    target: formatNumber(scoring.target, def.unit),
    floor: formatNumber(scoring.floor, def.unit),
    weight: scoring.weight,
    better: t(`indicatorEnums.direction.${def.direction}`),
  });
  return (
    <Flex vertical gap={4} style={{ background: 'var(--ant-color-fill-quaternary, #fafafa)', padding: 8 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {explain}
      </Typography.Text>
      {problem ? (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t(`indicator.scheme.problem.${problem}`)}
        </Typography.Text>
      ) : (
        <Flex gap={8} align="center" wrap>
          <span>{t('indicator.scheme.tryValue')}</span>
          {def.kind === 'policy' ? (
            <Select<number>
              size="small"
              style={{ width: 160 }}
              value={trial ?? undefined}
              onChange={setTrial}
              options={[2, 1, 0].map((n) => ({ value: n, label: t(`indicator.entry.policy${n}`) }))}
            />
          ) : (
            <span data-testid="scheme-try">
              <InputNumber<number> size="small" value={trial} onChange={setTrial} />
            </span>
          )}
          <Typography.Text strong data-testid="scheme-try-marks">
            {trial === null
              ? ''
              : t('indicator.scheme.earns', {
                  marks: roundMarks(score(scoring, trial)),
                  weight: scoring.weight,
                })}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}

export function SchemeDrawer({
  open,
  editing,
  form,
  defs,
  onClose,
  onSubmit,
  submitting,
}: {
  open: boolean;
  editing: boolean;
  form: FormInstance<SchemeValues>;
  defs: Indicator[];
  onClose: () => void;
  onSubmit: (v: SchemeValues) => void;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  const label = useIndicatorLabel();
  const name = useIndicatorName();
  const items = Form.useWatch('items', form) ?? [];
  const total = items.reduce((s, i) => s + (i?.weight ?? 0), 0);
  return (
    <FormDrawer<SchemeValues>
      open={open}
      title={editing ? t('indicator.scheme.edit') : t('indicator.scheme.create')}
      form={form}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={submitting}
      testId="scheme-form"
      width={760}
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item
            name="name"
            label={t('indicator.scheme.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={120} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="year" label={t('indicator.scheme.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>
        {t('indicator.scheme.items')} · {t('indicator.scheme.totalWeight', { total })}
      </Typography.Title>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Flex vertical gap={12}>
            {fields.map((f) => {
              const item = items[f.name] ?? {};
              const def = defs.find((d) => d.code === item.code);
              return (
                <Card
                  key={f.key}
                  size="small"
                  data-testid="scheme-item"
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('common.delete')}
                    />
                  }
                  title={def ? name(def) : t('indicator.scheme.item', { n: f.name + 1 })}
                >
                  <Row gutter={12}>
                    <Col span={24}>
                      <Form.Item
                        name={[f.name, 'code']}
                        label={t('indicator.scheme.indicator')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          options={defs.map((d) => ({ value: d.code, label: `${d.code} ${name(d)}` }))}
                          data-testid="scheme-item-code"
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item
                        name={[f.name, 'weight']}
                        label={t('indicator.scheme.weight')}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={0.01} max={1000} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item
                        name={[f.name, 'rule']}
                        label={t('indicator.scheme.rule')}
                        rules={[{ required: true }]}
                      >
                        <Select options={SCORING_RULES.map((r) => ({ value: r, label: label('rule', r) }))} />
                      </Form.Item>
                    </Col>
                    {item.rule !== 'policy' && (
                      <Col xs={12} md={6}>
                        <Form.Item
                          name={[f.name, 'target']}
                          label={t('indicator.scheme.target')}
                          rules={[{ required: true }]}
                        >
                          <InputNumber style={{ width: '100%' }} suffix={def?.unit || undefined} />
                        </Form.Item>
                      </Col>
                    )}
                    {item.rule === 'linear' && (
                      <Col xs={12} md={6}>
                        <Form.Item
                          name={[f.name, 'floor']}
                          label={t('indicator.scheme.floor')}
                          rules={[{ required: true }]}
                        >
                          <InputNumber style={{ width: '100%' }} suffix={def?.unit || undefined} />
                        </Form.Item>
                      </Col>
                    )}
                  </Row>
                  <ItemPreview item={item} def={def} />
                </Card>
              );
            })}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ weight: 10, rule: 'linear' })}
              data-testid="add-scheme-item"
            >
              {t('indicator.scheme.addItem')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </FormDrawer>
  );
}
