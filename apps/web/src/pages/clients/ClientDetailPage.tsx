import '../../i18n/clients';
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SystemClient } from '@yilian/domain';
import { FormDrawer } from '../../components/FormDrawer';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useApiError } from '../../utils/errors';
import { formatDateTime, textOrNull } from '../../utils/form';
import { clients, useRevoke, useRotateKeys, useSmartConfiguration } from './api';
import { ClientStateTag, scopeKey } from './ClientListPage';
import { JwksField, jwksServerError, parseJwks } from './JwksField';

/** When and from where, or "never". */
function Seen({ at, ip }: { at: string | null; ip: string | null }) {
  const { t } = useTranslation();
  if (!at) return <Typography.Text type="secondary">{t('clients.never')}</Typography.Text>;
  return <span>{t('clients.seenAt', { time: formatDateTime(at), ip: ip ?? '—' })}</span>;
}

/** One system client: its keys, scopes and last use; rotate its keys or revoke it. */
export default function ClientDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const { data: c, error, refetch, isLoading } = clients.useOne(id);
  const smart = useSmartConfiguration();
  const rotate = useRotateKeys();
  const revoke = useRevoke();
  const [rotating, setRotating] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<{ jwksText: string; note?: string }>();

  if (isLoading) return <PageSpinner />;
  if (!c) return <LoadError error={error} onRetry={() => void refetch()} />;
  const active = c.state === 'active';

  const onRotate = (v: { jwksText: string; note?: string }) => {
    const parsed = parseJwks(t, v.jwksText);
    if ('error' in parsed) return form.setFields([{ name: 'jwksText', errors: [parsed.error] }]);
    rotate.mutate(
      { id: c.id, body: { jwks: parsed.jwks, note: textOrNull(v.note) } },
      {
        onSuccess: () => {
          void message.success(t('clients.rotated'));
          setRotating(false);
        },
        onError: (e) => {
          if (!jwksServerError(t, form, e)) onError(e, form);
        },
      },
    );
  };

  const onRevoke = () =>
    revoke.mutate(
      { id: c.id, body: { reason: textOrNull(reason) } },
      {
        onSuccess: () => {
          void message.success(t('clients.revoked'));
          setRevoking(false);
        },
        onError: (e) => onError(e),
      },
    );

  return (
    <>
      <Link to="/clients">
        <ArrowLeftOutlined /> {t('clients.back')}
      </Link>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="client-title">{c.name}</span>
            <ClientStateTag state={c.state} />
          </Space>
        }
        subtitle={c.institutionName}
        extra={
          active && (
            <>
              <Button
                icon={<KeyOutlined />}
                onClick={() => {
                  form.resetFields();
                  setRotating(true);
                }}
                data-testid="rotate-keys"
              >
                {t('clients.rotate')}
              </Button>
              <Button
                danger
                icon={<StopOutlined />}
                onClick={() => {
                  setReason('');
                  setRevoking(true);
                }}
                data-testid="revoke-client"
              >
                {t('clients.revoke')}
              </Button>
            </>
          )
        }
      />
      <Space vertical size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="client-details">
            <Descriptions.Item label={t('clients.id')}>
              <Typography.Text copyable code data-testid="client-id">
                {c.id}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.institution')}>
              {c.institutionName} ({c.institutionCode})
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.lastToken')}>
              <span data-testid="last-token">
                <Seen at={c.lastTokenAt} ip={c.lastTokenIp} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.lastUse')}>
              <span data-testid="last-use">
                <Seen at={c.lastUsedAt} ip={c.lastUsedIp} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.createdAt')}>
              {formatDateTime(c.createdAt)}
              {c.createdByName ? ` · ${c.createdByName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.keysRotatedAt')}>
              {c.keysRotatedAt ? formatDateTime(c.keysRotatedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.account')}>
              <Typography.Text type="secondary">{c.accountName}</Typography.Text>
            </Descriptions.Item>
            {c.revokedAt && (
              <Descriptions.Item label={t('clients.revokedAt')}>
                {formatDateTime(c.revokedAt)}
                {c.revokedByName ? ` · ${c.revokedByName}` : ''}
                {c.revokeReason ? ` · ${c.revokeReason}` : ''}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card size="small" title={t('clients.scopes')}>
          <Space vertical size={4}>
            {c.scopes.map((s) => (
              <div key={s}>
                <Tag>{s}</Tag> {t(`clients.scope.${scopeKey(s)}`, { defaultValue: '' })}
              </div>
            ))}
          </Space>
        </Card>
        <Card size="small" title={t('clients.keys')}>
          <Table<SystemClient['keys'][number]>
            rowKey="kid"
            size="small"
            pagination={false}
            dataSource={c.keys}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('clients.kid'),
                dataIndex: 'kid',
                render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
              },
              { title: t('clients.alg'), dataIndex: 'alg' },
              { title: t('clients.kty'), dataIndex: 'kty' },
            ]}
          />
        </Card>
        <Card size="small" title={t('clients.connection')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('clients.tokenEndpoint')}>
              <Typography.Text copyable code>
                {smart.data?.token_endpoint ?? '…'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('clients.discovery')}>
              <Typography.Text code>/fhir/R4/.well-known/smart-configuration</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, marginTop: 8 }}>
            {t('clients.docsHint')}
          </Typography.Paragraph>
        </Card>
      </Space>

      <FormDrawer<{ jwksText: string; note?: string }>
        open={rotating}
        title={t('clients.rotate')}
        form={form}
        onClose={() => setRotating(false)}
        onSubmit={onRotate}
        submitting={rotate.isPending}
        testId="rotate-form"
        width={640}
      >
        <Typography.Paragraph type="secondary">{t('clients.rotateHint')}</Typography.Paragraph>
        <JwksField form={form} />
        <Form.Item name="note" label={t('clients.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </FormDrawer>

      <Modal
        open={revoking}
        title={t('clients.revokeTitle', { name: c.name })}
        okText={t('clients.revoke')}
        okButtonProps={{ danger: true, loading: revoke.isPending, 'data-testid': 'revoke-confirm' } as never}
        cancelText={t('common.cancel')}
        onOk={onRevoke}
        onCancel={() => setRevoking(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('clients.revokeText')}</Typography.Paragraph>
        <Input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={200}
          placeholder={t('clients.revokeReasonPlaceholder')}
          data-testid="revoke-reason"
        />
      </Modal>
    </>
  );
}
