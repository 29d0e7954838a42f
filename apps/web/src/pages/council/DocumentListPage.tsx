import '../../i18n/council';
import { App, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  DOCUMENT_KINDS,
  DOCUMENT_STATES,
  type CouncilDocument,
  type DocumentKind,
  type DocumentState,
} from '@yilian/domain';
import { FormDrawer, useEditor } from '../../components/FormDrawer';
import { ListToolbar } from '../../components/ListToolbar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../hooks/useAuth';
import { useIsMobile } from '../../hooks/useIsMobile';
import { useListQuery } from '../../hooks/useListQuery';
import { useApiError } from '../../utils/errors';
import { useCreateDocument, useDocumentList } from './api';
import { GovSelect, GovTag, useConsortiumScope, useGovLabel } from './parts';

interface Values {
  kind: DocumentKind;
  title: string;
  body?: string;
  note?: string;
}

/** 制度文件: the charter, implementation plan, meeting rule, assessment method and agreements. */
export default function DocumentListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const label = useGovLabel();
  const { message } = App.useApp();
  const onError = useApiError();
  const { consortiumId, picker } = useConsortiumScope();
  const list = useListQuery(['kind', 'status'] as const, { fixed: { consortiumId } });
  const { data, isFetching, error, refetch } = useDocumentList(list.params);
  const create = useCreateDocument();
  const [form] = Form.useForm<Values>();
  const editor = useEditor<CouncilDocument, Values>(form, () => ({ kind: 'charter' }));

  const save = async (v: Values) => {
    try {
      const doc = await create.mutateAsync({
        consortiumId: consortiumId!,
        kind: v.kind,
        title: v.title,
        body: v.body ?? '',
        note: v.note || null,
      });
      void message.success(t('common.saved'));
      editor.close();
      navigate(`/council/documents/${doc.id}`);
    } catch (e) {
      onError(e, form);
    }
  };

  const columns: TableColumnsType<CouncilDocument> = [
    {
      title: t('council.documents.docTitle'),
      key: 'title',
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          <Link to={`/council/documents/${d.id}`} data-testid="document-link">
            {d.title}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label('documentKind', d.kind)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('council.documents.status'),
      dataIndex: 'status',
      render: (v: string) => <GovTag ns="documentState" value={v} testId="document-status" />,
    },
    {
      title: t('council.documents.inForce'),
      key: 'inForce',
      responsive: ['md'],
      render: (_, d) =>
        d.inForceVersionNo
          ? `${t('council.documents.versionNo', { n: d.inForceVersionNo })} · ${d.effectiveOn}`
          : '—',
    },
    {
      title: t('council.documents.version'),
      dataIndex: 'latestVersionNo',
      responsive: ['md'],
      render: (n: number) => t('council.documents.versionNo', { n }),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('council.documents.title')}
        extra={
          <Space wrap>
            {picker}
            {can('council.manage') && consortiumId && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={editor.openCreate}
                data-testid="new-document"
              >
                {t('council.documents.new')}
              </Button>
            )}
          </Space>
        }
      />
      <ListToolbar
        list={list}
        placeholder={t('council.documents.searchPlaceholder')}
        filters={
          <>
            <GovSelect
              ns="documentKind"
              values={DOCUMENT_KINDS}
              allowClear
              value={list.filters.kind as DocumentKind | undefined}
              onChange={(v) => list.setFilter('kind', v)}
              placeholder={t('council.documents.kind')}
              style={{ width: mobile ? '100%' : 140 }}
            />
            <GovSelect
              ns="documentState"
              values={DOCUMENT_STATES}
              allowClear
              value={list.filters.status as DocumentState | undefined}
              onChange={(v) => list.setFilter('status', v)}
              placeholder={t('council.documents.status')}
              style={{ width: mobile ? '100%' : 140 }}
            />
          </>
        }
      />
      <LoadError error={error} onRetry={() => void refetch()} />
      <Table<CouncilDocument>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items}
        loading={isFetching}
        pagination={list.pagination(data?.total)}
        scroll={{ x: 'max-content' }}
        data-testid="document-table"
      />
      <FormDrawer<Values>
        open={!!editor.editing}
        title={t('council.documents.new')}
        form={form}
        onClose={editor.close}
        onSubmit={save}
        submitting={create.isPending}
        testId="document-drawer"
      >
        <Form.Item name="kind" label={t('council.documents.kind')} rules={[{ required: true }]}>
          <Select options={DOCUMENT_KINDS.map((k) => ({ value: k, label: label('documentKind', k) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('council.documents.docTitle')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="document-title" />
        </Form.Item>
        <Form.Item name="body" label={t('council.documents.body')}>
          <Input.TextArea rows={10} />
        </Form.Item>
        <Form.Item name="note" label={t('council.documents.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </FormDrawer>
    </>
  );
}
