import { useState } from 'react';
import { App, Button, Checkbox, Form, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentKind, VoteRule } from '@yilian/domain';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { useSaveVoteRule, useVoteRules, type KindRule } from './api';
import { useGovLabel } from './parts';

/** How each kind of document passes, in words; the office changes a kind's rule in a dialog. */
export function VoteRulesCard({ consortiumId }: { consortiumId: string }) {
  const { t } = useTranslation();
  const label = useGovLabel();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useApiError();
  const { data, isLoading } = useVoteRules(consortiumId);
  const save = useSaveVoteRule();
  const [editing, setEditing] = useState<DocumentKind | null>(null);
  const [form] = Form.useForm<VoteRule>();

  const open = (r: KindRule) => {
    form.setFieldsValue(r.rule);
    setEditing(r.kind);
  };
  const submit = async () => {
    const rule = await form.validateFields();
    try {
      await save.mutateAsync({ consortiumId, kind: editing!, rule });
      void message.success(t('common.saved'));
      setEditing(null);
    } catch (e) {
      onError(e);
    }
  };

  return (
    <>
      <Table<KindRule>
        rowKey="kind"
        size="small"
        loading={isLoading}
        pagination={false}
        dataSource={data}
        columns={[
          {
            title: t('council.rules.kind'),
            dataIndex: 'kind',
            render: (k: string) => label('documentKind', k),
          },
          {
            title: t('council.rules.quorum'),
            key: 'quorum',
            render: (_, r) => t('council.rules.quorumText', { num: r.rule.quorumNum, den: r.rule.quorumDen }),
          },
          {
            title: t('council.rules.pass'),
            key: 'pass',
            render: (_, r) =>
              t(r.rule.passStrict ? 'council.rules.passStrict' : 'council.rules.passAtLeast', {
                num: r.rule.passNum,
                den: r.rule.passDen,
              }),
          },
          {
            title: '',
            key: 'custom',
            render: (_, r) => (
              <Space>
                <Typography.Text type="secondary">
                  {t(r.custom ? 'council.rules.custom' : 'council.rules.default')}
                </Typography.Text>
                {can('council.manage') && (
                  <Button size="small" onClick={() => open(r)}>
                    {t('council.rules.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={`${t('council.rules.edit')} · ${label('documentKind', editing)}`}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="inline" style={{ rowGap: 12 }}>
          {(['quorumNum', 'quorumDen', 'passNum', 'passDen'] as const).map((f) => (
            <Form.Item key={f} name={f} label={t(`council.rules.${f}`)} rules={[{ required: true }]}>
              <InputNumber min={f.endsWith('Den') ? 1 : 0} max={100} />
            </Form.Item>
          ))}
          <Form.Item name="passStrict" valuePropName="checked">
            <Checkbox>{t('council.rules.passStrictLabel')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
