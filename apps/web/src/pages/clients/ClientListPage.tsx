import '../../i18n/clients';
import { App, Button, Checkbox, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CLIENT_SCOPES, CLIENT_STATES, type ClientState, type SystemClient } from '@yilian/domain';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { InstitutionSelect } from '../../components/RemoteSelect';
import { useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';
import { clients } from './api';
import { JwksField, jwksServerError, parseJwks } from './JwksField';

interface Values {
  name: string;
  institutionId?: string;
  scopes: string[];
  jwksText: string;
}

/** An i18n key for a scope ('.' separates i18n keys). */
export const scopeKey = (scope: string) => scope.replace(/\W/g, '_');

export function ClientStateTag({ state }: { state: ClientState }) {
  const { t } = useTranslation();
  return <Tag color={state === 'active' ? 'green' : 'default'}>{t(`clients.states.${state}`)}</Tag>;
}

/** The hospital systems of the institutions one manages, and the drawer that registers one. */
export default function ClientListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const platform = me.role === 'platform_admin';
  const list = useListQuery(['state', 'institutionId'] as const);
  const { data, isFetching, error, refetch } = clients.useList(list.params);
  const create = clients.useCreate();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<SystemClient, Values>(form, () => ({
    scopes: ['system/ServiceRequest.crs', 'system/Task.rs', 'system/Patient.rs', 'system/Organization.rs'],
  }));

  const onSubmit = (v: Values) => {
    const parsed = parseJwks(t, v.jwksText);
    if ('error' in parsed) return form.setFields([{ name: 'jwksText', errors: [parsed.error] }]);
    create.mutate(
      {
        name: v.name.trim(),
        ...(platform ? { institutionId: v.institutionId } : {}),
        scopes: v.scopes,
        jwks: parsed.jwks,
      },
      {
        onSuccess: (c) => {
          void message.success(t('clients.registered'));
          editor.close();
          void navigate(`/clients/${c.id}`);
        },
        onError: (e) => {
          if (!jwksServerError(t, form, e)) onError(e, form);
        },
      },
    );
  };

  const columns: TableColumnsType<SystemClient> = [
    {
      title: t('clients.name'),
      dataIndex: 'name',
      render: (n: string, c) => (
        <div>
          <Link to={`/clients/${c.id}`} data-testid="client-link">
            {n}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: c.id }}>
              {c.id.slice(0, 8)}…
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('clients.institution'), dataIndex: 'institutionName', responsive: ['md'] },
    {
      title: t('clients.scopes'),
      dataIndex: 'scopes',
      responsive: ['lg'],
      render: (s: string[]) => (
        <Space size={[4, 4]} wrap>
          {s.map((x) => (
            <Tag key={x} style={{ marginInlineEnd: 0 }}>
              {x.replace(/^system\//, '')}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('clients.state'),
      dataIndex: 'state',
      render: (s: ClientState) => <ClientStateTag state={s} />,
    },
    {
      title: t('clients.lastTokenShort'),
      key: 'last',
      render: (_, c) => {
        const at = [c.lastUsedAt, c.lastTokenAt].filter(Boolean).sort().pop();
        return at ? (
          formatDateTime(at)
        ) : (
          <Typography.Text type="secondary">{t('clients.never')}</Typography.Text>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.clients')}
        subtitle={t('clients.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={editor.openCreate}
            data-testid="create-client"
          >
            {t('clients.register')}
          </Button>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('clients.searchPlaceholder')}
        filters={
          <>
            <Select
              allowClear
              placeholder={t('clients.state')}
              value={list.filters.state}
              onChange={(v) => list.setFilter('state', v)}
              options={CLIENT_STATES.map((s) => ({ value: s, label: t(`clients.states.${s}`) }))}
              style={{ width: 120 }}
            />
            {platform && (
              <InstitutionSelect
                value={list.filters.institutionId}
                onChange={(v) => list.setFilter('institutionId', v)}
                placeholder={t('clients.institution')}
                style={{ width: 220 }}
              />
            )}
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<SystemClient>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={t('clients.register')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending}
        testId="client-form"
        width={640}
      >
        <Row gutter={16}>
          <Col xs={24} md={platform ? 12 : 24}>
            <Form.Item name="name" label={t('clients.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={80} placeholder={t('clients.nameHint')} data-testid="client-name" />
            </Form.Item>
          </Col>
          {platform && (
            <Col xs={24} md={12}>
              <Form.Item name="institutionId" label={t('clients.institution')} rules={[{ required: true }]}>
                <InstitutionSelect />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item
              name="scopes"
              label={t('clients.scopes')}
              extra={t('clients.scopesHint')}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <Checkbox.Group style={{ width: '100%' }}>
                <Row gutter={[8, 4]}>
                  {CLIENT_SCOPES.map((s) => (
                    <Col xs={24} md={12} key={s}>
                      <Checkbox value={s} data-testid={`scope-${s}`}>
                        {t(`clients.scope.${scopeKey(s)}`)}
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {s}
                          </Typography.Text>
                        </div>
                      </Checkbox>
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            </Form.Item>
          </Col>
          <Col span={24}>
            <JwksField form={form} />
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
