import '../../i18n/council';
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Typography,
  Upload,
} from 'antd';
import {
  ArrowLeftOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DocumentAction, DocumentVersion } from '@yilian/domain';
import { DeleteButton } from '../../components/DeleteButton';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { PageSpinner } from '../../components/PageSpinner';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import {
  useAddVersion,
  useDocument,
  useEditVersion,
  useRemoveDocument,
  useUploadVersionFile,
  useVersionAction,
  versionFileUrl,
} from './api';
import { GovTag, useGovLabel } from './parts';
import { VotePanel } from './VotePanel';

interface TextValues {
  body: string;
  note?: string | null;
}

/** One document: its versions (newest first), each with its text, file, state actions and vote. */
export default function DocumentDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const label = useGovLabel();
  const { message } = App.useApp();
  const onError = useApiError();
  const { data: doc, error, refetch, isLoading } = useDocument(id);
  const addVersion = useAddVersion();
  const editVersion = useEditVersion();
  const act = useVersionAction();
  const upload = useUploadVersionFile();
  const remove = useRemoveDocument();
  const [form] = Form.useForm<TextValues>();
  const [editing, setEditing] = useState<null | { versionId?: string }>(null);

  if (isLoading) return <PageSpinner />;
  if (!doc) return <LoadError error={error} onRetry={() => void refetch()} />;
  const manage = can('council.manage');
  const openDraft = doc.versions.some((v) => v.status === 'draft' || v.status === 'voting');

  const startEdit = (v?: DocumentVersion) => {
    form.setFieldsValue(v ? { body: v.body, note: v.note } : { body: doc.versions[0]?.body ?? '', note: '' });
    setEditing(v ? { versionId: v.id } : {});
  };
  const saveText = async () => {
    const values = await form.validateFields();
    try {
      if (editing?.versionId) await editVersion.mutateAsync({ versionId: editing.versionId, ...values });
      else await addVersion.mutateAsync({ id: doc.id, body: values.body, note: values.note || null });
      void message.success(t('common.saved'));
      setEditing(null);
    } catch (e) {
      onError(e, form);
    }
  };
  const run = async (versionId: string, action: DocumentAction) => {
    try {
      await act.mutateAsync({ versionId, action });
      void message.success(t('council.actions.done'));
    } catch (e) {
      onError(e);
    }
  };

  const versionPanel = (v: DocumentVersion) => (
    <Flex vertical gap={12}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('council.documents.createdBy')}>{v.createdBy}</Descriptions.Item>
        {v.effectiveOn && (
          <Descriptions.Item label={t('council.documents.effectiveOn')}>{v.effectiveOn}</Descriptions.Item>
        )}
        {v.supersededOn && (
          <Descriptions.Item label={t('council.documents.supersededOn')}>{v.supersededOn}</Descriptions.Item>
        )}
        {v.note && <Descriptions.Item label={t('council.documents.note')}>{v.note}</Descriptions.Item>}
      </Descriptions>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="version-body">
        {v.body || t('council.documents.noBody')}
      </Typography.Paragraph>
      <Space wrap>
        {v.file && (
          <Button icon={<DownloadOutlined />} href={versionFileUrl(v.id)}>
            {v.file.name}
          </Button>
        )}
        {manage && v.status !== 'superseded' && (
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate({ versionId: v.id, file }, { onError: (e) => onError(e) });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              {t('council.documents.upload')}
            </Button>
          </Upload>
        )}
        {manage && v.status === 'draft' && (
          <Button icon={<EditOutlined />} onClick={() => startEdit(v)} data-testid="edit-draft">
            {t('council.documents.editDraft')}
          </Button>
        )}
        {v.allowedActions.map((a) => (
          <Popconfirm
            key={a}
            title={t(`council.actions.${a}`)}
            description={<div style={{ maxWidth: 320 }}>{t(`council.actions.confirm_${a}`)}</div>}
            okText={t(`council.actions.${a}`)}
            cancelText={t('common.cancel')}
            onConfirm={() => run(v.id, a)}
            okButtonProps={{ 'data-testid': 'confirm-action' } as never}
          >
            <Button type="primary" loading={act.isPending} data-testid={`action-${a}`}>
              {t(`council.actions.${a}`)}
            </Button>
          </Popconfirm>
        ))}
      </Space>
      {v.vote && (
        <Card size="small" title={t('council.vote.title')}>
          <VotePanel version={v} />
        </Card>
      )}
    </Flex>
  );

  return (
    <>
      <Link to="/council/documents">
        <ArrowLeftOutlined /> {t('council.documents.back')}
      </Link>
      <PageHeader
        title={doc.title}
        subtitle={`${label('documentKind', doc.kind)} · ${doc.consortiumName}`}
        extra={
          <Space wrap>
            <GovTag ns="documentState" value={doc.status} testId="document-status" />
            {manage && !openDraft && (
              <Button icon={<PlusOutlined />} onClick={() => startEdit()} data-testid="new-version">
                {t('council.documents.newVersion')}
              </Button>
            )}
            {manage && doc.versions.every((v) => v.status === 'draft' && !v.vote) && (
              <DeleteButton
                name={doc.title}
                onDelete={async () => {
                  await remove.mutateAsync(doc.id);
                  navigate('/council/documents');
                }}
              />
            )}
          </Space>
        }
      />
      <Typography.Title level={5}>{t('council.documents.versions')}</Typography.Title>
      <Collapse
        defaultActiveKey={doc.versions[0] ? [doc.versions[0].id] : []}
        items={doc.versions.map((v) => ({
          key: v.id,
          label: (
            <Space>
              {t('council.documents.versionNo', { n: v.versionNo })}
              <GovTag ns="documentState" value={v.status} testId={`version-${v.versionNo}-status`} />
            </Space>
          ),
          children: versionPanel(v),
        }))}
        data-testid="versions"
      />
      <Modal
        open={!!editing}
        width={720}
        title={editing?.versionId ? t('council.documents.editDraft') : t('council.documents.newVersion')}
        onCancel={() => setEditing(null)}
        onOk={() => void saveText()}
        confirmLoading={addVersion.isPending || editVersion.isPending}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="body" label={t('council.documents.body')}>
            <Input.TextArea rows={14} data-testid="version-text" />
          </Form.Item>
          <Form.Item name="note" label={t('council.documents.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
