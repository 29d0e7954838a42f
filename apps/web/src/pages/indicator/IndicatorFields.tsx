import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDICATOR_DIRECTIONS, INDICATOR_KINDS, type IndicatorKind } from '@yilian/domain';
import { useIndicatorLabel } from './parts';

// The fields of a consortium's own indicator. What defines how values are computed and compared
// (code, kind, factor, direction, share) is fixed once saved: forms and schemes refer to it.

export interface IndicatorValues {
  code?: string;
  nameZh?: string;
  nameEn?: string;
  definition?: string;
  numerator?: string;
  denominator?: string;
  kind?: IndicatorKind;
  unit?: string;
  factor?: number;
  direction?: (typeof INDICATOR_DIRECTIONS)[number];
  part?: boolean;
}

export function IndicatorFields({ editing, kind }: { editing: boolean; kind: IndicatorKind | undefined }) {
  const { t } = useTranslation();
  const label = useIndicatorLabel();
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item
          name="code"
          label={t('indicator.field.code')}
          extra={t('indicator.form.codeHint')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={32} disabled={editing} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="kind" label={t('indicator.field.kind')} rules={[{ required: true }]}>
          <Select
            disabled={editing}
            options={INDICATOR_KINDS.map((v) => ({ value: v, label: label('kind', v) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="nameZh"
          label={t('indicator.field.nameZh')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={120} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          name="nameEn"
          label={t('indicator.field.nameEn')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={160} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item
          name="definition"
          label={t('indicator.field.definition')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name="numerator" label={t('indicator.field.numerator')}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      {kind === 'rate' && (
        <Col xs={24} md={12}>
          <Form.Item name="denominator" label={t('indicator.field.denominator')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      )}
      <Col xs={12} md={8}>
        <Form.Item name="unit" label={t('indicator.field.unit')}>
          <Input maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name="factor" label={t('indicator.field.factor')} extra={t('indicator.form.factorHint')}>
          <InputNumber min={0.000001} max={1e6} disabled={editing} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="direction" label={t('indicator.field.direction')} rules={[{ required: true }]}>
          <Select
            disabled={editing}
            options={INDICATOR_DIRECTIONS.map((v) => ({ value: v, label: label('direction', v) }))}
          />
        </Form.Item>
      </Col>
      {kind === 'rate' && (
        <Col span={24}>
          <Form.Item
            name="part"
            label={t('indicator.field.part')}
            extra={t('indicator.form.partHint')}
            valuePropName="checked"
          >
            <Switch disabled={editing} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
