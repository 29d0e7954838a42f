import { App, Button, Card, Empty, Flex, Typography, Upload } from 'antd';
import { DownloadOutlined, FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, request } from '../api/client';
import { LoadError } from './LoadError';
import { useApiError } from '../utils/errors';
import { formatDateTime } from '../utils/form';

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

/** A file that goes with a referral or a consultation (PDF, PNG or JPEG). */
export interface AttachmentItem {
  id: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  createdAt: string;
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface AttachmentsCardProps {
  /** API path (under /api/v1) that lists the attachments (GET) and takes a new one (POST). */
  listUrl: string;
  /** API path for an upload; the list path unless told. */
  uploadUrl?: string;
  /** Where one attachment is opened or downloaded. */
  fileUrl: (id: string) => string;
  /** The query of the list (invalidated after an upload). */
  queryKey: QueryKey;
  /** The largest file taken, in MB. */
  maxMb: number;
  canAdd: boolean;
  /** Prefix of the i18n keys: `<prefix>.attachments`, `.addAttachment`, `.noAttachments`, … */
  i18nPrefix: string;
  testId: string;
  /** A download link beside each file (its label `<prefix>.download`). */
  showDownload?: boolean;
}

/** The attachments of a record: the list, an upload of PDF/PNG/JPEG and links to open them. */
export function AttachmentsCard({
  listUrl,
  uploadUrl = listUrl,
  fileUrl,
  queryKey,
  maxMb,
  canAdd,
  i18nPrefix: k,
  testId,
  showDownload = false,
}: AttachmentsCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { data, error, refetch } = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.get<AttachmentItem[]>(listUrl, undefined, signal),
  });
  const add = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<AttachmentItem>(uploadUrl, { method: 'POST', body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey }),
  });
  const onError = useApiError();
  return (
    <Card
      size="small"
      title={t(`${k}.attachments`)}
      data-testid={testId}
      extra={
        canAdd && (
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.type && !TYPES.includes(file.type)) void message.error(t(`${k}.attachmentType`));
              else if (file.size > maxMb * 1024 * 1024)
                void message.error(t(`${k}.attachmentTooLarge`, { max: maxMb }));
              else
                add.mutate(file, {
                  onSuccess: () => void message.success(t(`${k}.attachmentAdded`)),
                  onError: (e) => onError(e),
                });
              return Upload.LIST_IGNORE;
            }}
          >
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={add.isPending}
              data-testid="add-attachment"
            >
              {t(`${k}.addAttachment`)}
            </Button>
          </Upload>
        )
      }
    >
      <LoadError error={error} onRetry={() => void refetch()} />
      {data && data.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`${k}.noAttachments`)} />
      )}
      <Flex vertical gap={6}>
        {data?.map((a) => (
          <Flex key={a.id} gap={8} align="baseline" wrap>
            {a.contentType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />}
            <a href={fileUrl(a.id)} target="_blank" rel="noopener" data-testid="attachment-link">
              {a.name}
            </a>
            {showDownload && (
              <a href={fileUrl(a.id)} download={a.name} aria-label={t(`${k}.download`)}>
                <DownloadOutlined />
              </a>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(a.size)} · {a.uploadedBy ?? ''} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
