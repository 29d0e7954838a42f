import { App, Button, Col, DatePicker, Form, Input, Row, Space, Table, Tooltip, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  DownloadOutlined,
  EditOutlined,
  MinusCircleOutlined,
  PaperClipOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  AGREEMENT_DOCUMENT_MAX_BYTES,
  AGREEMENT_DOCUMENT_TYPES,
  agreementCreate,
  agreementUpdate,
  type Agreement,
} from '@yilian/domain';
import { agreementDocumentUrl, agreements, useUploadAgreementDocument } from '../../api/registry';
import { DeleteButton } from '../../components/DeleteButton';
import { EnumSelect, EnumTag } from '../../components/EnumSelect';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { ConsortiumSelect, InstitutionSelect } from '../../components/RemoteSelect';
import { useCan, useCurrentUser } from '../../hooks/useAuth';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { changedFields, fromDate, textOrNull, toDate, validate } from '../../utils/form';

const STATUSES = ['active', 'pending', 'expired'] as const;

interface PartyValues {
  institutionId?: string | null;
  name: string;
}
interface Values {
  consortiumId?: string;
  title: string;
  parties: PartyValues[];
  signedOn: Dayjs | null;
  effectiveOn: Dayjs | null;
  expiresOn: Dayjs | null;
  summary: string;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function DocumentCell({ a, canManage }: { a: Agreement; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadAgreementDocument();
  const onError = useApiError();
  return (
    <Space size={4} wrap>
      {a.document && (
        <Tooltip title={`${a.document.name} · ${formatSize(a.document.size)}`}>
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            href={agreementDocumentUrl(a.id)}
            target="_blank"
            rel="noopener"
            data-testid="agreement-download"
          >
            {t('agreement.download')}
          </Button>
        </Tooltip>
      )}
      {canManage && (
        <Upload
          accept={AGREEMENT_DOCUMENT_TYPES.join(',')}
          showUploadList={false}
          beforeUpload={(file) => {
            if (!(AGREEMENT_DOCUMENT_TYPES as readonly string[]).includes(file.type)) {
              void message.error(t('agreement.documentType'));
            } else if (file.size > AGREEMENT_DOCUMENT_MAX_BYTES) {
              void message.error(t('agreement.documentTooLarge'));
            } else {
              upload.mutate(
                { id: a.id, file },
                {
                  onSuccess: () => void message.success(t('agreement.uploaded')),
                  onError: (e) => onError(e),
                },
              );
            }
            return Upload.LIST_IGNORE;
          }}
        >
          <Button
            type="link"
            size="small"
            icon={a.document ? <PaperClipOutlined /> : <UploadOutlined />}
            loading={upload.isPending}
            data-testid="agreement-upload"
          >
            {a.document ? t('agreement.replaceDocument') : t('agreement.uploadDocument')}
          </Button>
        </Upload>
      )}
    </Space>
  );
}

/**
 * Agreements, with their signed documents. Used by the agreements page and by the consortium
 * overview (fixed to one consortium, its URL parameters prefixed so the tabs do not mix).
 */
export function AgreementTable({ consortiumId, prefix }: { consortiumId?: string; prefix?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const can = useCan();
  const list = useListQuery(['consortiumId', 'status'] as const, {
    prefix,
    fixed: consortiumId ? { consortiumId } : undefined,
  });
  const { data, isFetching, error, refetch } = agreements.useList(list.params);
  const create = agreements.useCreate();
  const update = agreements.useUpdate();
  const remove = agreements.useRemove();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const ownConsortium = consortiumId ?? me.consortiumId ?? undefined;
  const editor = useEditor<Agreement, Values>(form, (a) =>
    a
      ? {
          consortiumId: a.consortiumId,
          title: a.title,
          parties: a.parties.map((p) => ({ institutionId: p.institutionId, name: p.name })),
          signedOn: fromDate(a.signedOn),
          effectiveOn: fromDate(a.effectiveOn),
          expiresOn: fromDate(a.expiresOn),
          summary: a.summary ?? '',
        }
      : {
          consortiumId: ownConsortium,
          parties: [{ name: '' }, { name: '' }],
          signedOn: null,
          effectiveOn: null,
          expiresOn: null,
        },
  );
  const canManage = can('consortium.manage');
  const formConsortium = Form.useWatch('consortiumId', form);

  const onSubmit = (v: Values) => {
    const payload = {
      title: v.title?.trim(),
      parties: (v.parties ?? []).map((p) => ({
        institutionId: p.institutionId ?? null,
        name: p.name?.trim(),
      })),
      signedOn: toDate(v.signedOn) ?? undefined,
      effectiveOn: toDate(v.effectiveOn),
      expiresOn: toDate(v.expiresOn),
      summary: textOrNull(v.summary),
    };
    const done = () => {
      void message.success(t('common.saved'));
      editor.close();
    };
    if (editor.record) {
      const body = validate(form, t, agreementUpdate, changedFields(editor.record, payload));
      if (!body) return;
      update.mutate({ id: editor.record.id, body }, { onSuccess: done, onError: (e) => onError(e, form) });
    } else {
      const body = validate(form, t, agreementCreate, {
        ...payload,
        consortiumId: ownConsortium ?? v.consortiumId,
      });
      if (!body) return;
      create.mutate(body, { onSuccess: done, onError: (e) => onError(e, form) });
    }
  };

  const columns: TableColumnsType<Agreement> = [
    { title: t('agreement.title'), dataIndex: 'title' },
    {
      title: t('agreement.parties'),
      dataIndex: 'parties',
      responsive: ['md'],
      render: (p: Agreement['parties']) =>
        p.length > 3
          ? t('agreement.partiesMore', {
              names: p
                .slice(0, 3)
                .map((x) => x.name)
                .join('、'),
              count: p.length,
            })
          : p.map((x) => x.name).join('、'),
    },
    { title: t('agreement.signedOn'), dataIndex: 'signedOn', responsive: ['sm'] },
    {
      title: t('agreement.term'),
      key: 'term',
      responsive: ['lg'],
      render: (_, a) =>
        a.effectiveOn || a.expiresOn
          ? `${a.effectiveOn ?? '…'} ~ ${a.expiresOn ?? t('agreement.openEnded')}`
          : '',
    },
    {
      title: t('agreement.status'),
      dataIndex: 'status',
      render: (s: Agreement['status']) => <EnumTag ns="agreementStatus" value={s} />,
    },
    {
      title: t('agreement.document'),
      key: 'document',
      render: (_, a) => <DocumentCell a={a} canManage={canManage} />,
    },
  ];
  if (!consortiumId && !me.consortiumId)
    columns.splice(1, 0, { title: t('common.consortium'), dataIndex: 'consortiumName', responsive: ['lg'] });
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => editor.openEdit(a)}>
            {t('common.edit')}
          </Button>
          <DeleteButton name={a.title} onDelete={() => remove.mutateAsync(a.id)} />
        </Space>
      ),
    });

  return (
    <>
      <ListToolbar
        list={list}
        placeholder={t('agreement.searchPlaceholder')}
        filters={
          <>
            {!consortiumId && !me.consortiumId && (
              <ConsortiumSelect
                value={list.filters.consortiumId}
                onChange={(v) => list.setFilter('consortiumId', v)}
                placeholder={t('common.consortium')}
                style={{ width: 200 }}
              />
            )}
            <EnumSelect
              ns="agreementStatus"
              values={STATUSES}
              value={list.filters.status as (typeof STATUSES)[number] | undefined}
              onChange={(v) => list.setFilter('status', v)}
              allowClear
              placeholder={t('agreement.status')}
              style={{ width: 130 }}
            />
          </>
        }
        actions={
          canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editor.openCreate}
              data-testid="create-agreement"
            >
              {t('agreement.create')}
            </Button>
          )
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<Agreement>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (a) => !!a.summary,
          expandedRowRender: (a) => <div style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</div>,
        }}
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={editor.record ? t('agreement.edit') : t('agreement.create')}
        form={form}
        onClose={editor.close}
        onSubmit={onSubmit}
        submitting={create.isPending || update.isPending}
        testId="agreement-form"
        width={640}
      >
        <Row gutter={16}>
          {!ownConsortium && (
            <Col span={24}>
              <Form.Item name="consortiumId" label={t('common.consortium')} rules={[{ required: true }]}>
                <ConsortiumSelect disabled={!!editor.record} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="title" label={t('agreement.title')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('agreement.parties')} required extra={t('agreement.partiesHint')}>
              <Form.List name="parties">
                {(fields, { add, remove: removeParty }, { errors }) => (
                  <>
                    {fields.map((field) => (
                      <Row key={field.key} gutter={8} align="top">
                        <Col xs={24} md={11}>
                          <Form.Item name={[field.name, 'institutionId']} style={{ marginBottom: 8 }}>
                            <InstitutionSelect
                              consortiumId={ownConsortium ?? formConsortium}
                              placeholder={t('agreement.partyInstitution')}
                              onChange={(_, option) => {
                                const o = Array.isArray(option) ? option[0] : option;
                                if (o?.label && typeof o.label === 'string')
                                  form.setFieldValue(['parties', field.name, 'name'], o.label);
                              }}
                            />
                          </Form.Item>
                        </Col>
                        <Col xs={20} md={11}>
                          <Form.Item
                            name={[field.name, 'name']}
                            style={{ marginBottom: 8 }}
                            rules={[
                              { required: true, whitespace: true, message: t('agreement.partyNameRequired') },
                            ]}
                          >
                            <Input placeholder={t('agreement.partyName')} maxLength={100} />
                          </Form.Item>
                        </Col>
                        <Col xs={4} md={2}>
                          <Button
                            type="text"
                            icon={<MinusCircleOutlined />}
                            disabled={fields.length <= 2}
                            onClick={() => removeParty(field.name)}
                            aria-label={t('agreement.removeParty')}
                          />
                        </Col>
                      </Row>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ name: '' })}
                      disabled={fields.length >= 20}
                      block
                    >
                      {t('agreement.addParty')}
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </>
                )}
              </Form.List>
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="signedOn" label={t('agreement.signedOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="effectiveOn" label={t('agreement.effectiveOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="expiresOn" label={t('agreement.expiresOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label={t('agreement.summary')}>
              <Input.TextArea rows={4} maxLength={4000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </FormDrawer>
    </>
  );
}
