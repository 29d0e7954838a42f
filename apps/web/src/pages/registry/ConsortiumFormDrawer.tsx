import { useEffect } from 'react';
import { App, Col, DatePicker, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  CONSORTIUM_KINDS,
  consortiumCreate,
  consortiumUpdate,
  type Consortium,
  type ConsortiumKind,
} from '@yilian/domain';
import { consortia } from '../../api/registry';
import { EnumSelect } from '../../components/EnumSelect';
import { FormDrawer } from '../../components/FormDrawer';
import { RegionSelect } from '../../components/RemoteSelect';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';

interface Values {
  code: string;
  name: string;
  kind: ConsortiumKind;
  regionCode: string;
  establishedOn: Dayjs | null;
  description: string;
}

/** Open a new consortium (record null) or edit one. */
export function ConsortiumFormDrawer({
  open,
  record,
  onClose,
}: {
  open: boolean;
  record: Consortium | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = consortia.useCreate();
  const update = consortia.useUpdate();
  const onError = useApiError();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      record
        ? {
            code: record.code,
            name: record.name,
            kind: record.kind,
            regionCode: record.regionCode,
            establishedOn: fromDate(record.establishedOn),
            description: record.description ?? '',
          }
        : { establishedOn: null },
    );
  }, [open, record, form]);

  const onSubmit = (v: Values) => {
    const payload = {
      code: v.code?.trim(),
      name: v.name?.trim(),
      kind: v.kind,
      regionCode: v.regionCode,
      establishedOn: toDate(v.establishedOn),
      description: textOrNull(v.description),
    };
    const done = () => {
      void message.success(t('common.saved'));
      onClose();
    };
    if (record) {
      const body = validate(form, t, consortiumUpdate, changedFields(record, payload));
      if (!body) return;
      update.mutate({ id: record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, consortiumCreate, payload);
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={record ? t('consortium.edit') : t('consortium.create')}
      form={form}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={create.isPending || update.isPending}
      testId="consortium-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('consortium.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="code"
            label={t('consortium.code')}
            rules={[{ required: true }]}
            extra={t('common.codeHint')}
          >
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="kind" label={t('consortium.kind')} rules={[{ required: true }]}>
            <EnumSelect ns="consortiumKind" values={CONSORTIUM_KINDS} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="regionCode" label={t('common.region')} rules={[{ required: true }]}>
            <RegionSelect placeholder={t('common.regionPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="establishedOn" label={t('consortium.establishedOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('consortium.description')}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}
