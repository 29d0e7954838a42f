import '../../i18n/sharing';
import { App, Button, Card, Empty, Flex, Typography, Upload } from 'antd';
import { DownloadOutlined, FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  CONSULTATION_ATTACHMENT_MAX_MB,
  consultationAttachmentUrl,
  useAddConsultationAttachment,
  useConsultationAttachments,
} from '../../api/consultations';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Images, ECGs and reports for the experts; both institutions' staff may add more. */
export function ConsultationAttachments({
  consultationId,
  canAdd,
}: {
  consultationId: string;
  canAdd: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, refetch } = useConsultationAttachments(consultationId);
  const add = useAddConsultationAttachment(consultationId);
  const onError = useApiError();
  return (
    <Card
      size="small"
      title={t('consultation.attachments')}
      data-testid="consultation-attachments"
      extra={
        canAdd && (
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.type && !TYPES.includes(file.type))
                void message.error(t('consultation.attachmentType'));
              else if (file.size > CONSULTATION_ATTACHMENT_MAX_MB * 1024 * 1024)
                void message.error(
                  t('consultation.attachmentTooLarge', { max: CONSULTATION_ATTACHMENT_MAX_MB }),
                );
              else
                add.mutate(file, {
                  onSuccess: () => void message.success(t('consultation.attachmentAdded')),
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
              {t('consultation.addAttachment')}
            </Button>
          </Upload>
        )
      }
    >
      <LoadError error={error} onRetry={() => void refetch()} />
      {data && data.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consultation.noAttachments')} />
      )}
      <Flex vertical gap={6}>
        {data?.map((a) => (
          <Flex key={a.id} gap={8} align="baseline" wrap>
            {a.contentType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />}
            <a
              href={consultationAttachmentUrl(a.id)}
              target="_blank"
              rel="noopener"
              data-testid="attachment-link"
            >
              {a.name}
            </a>
            <a
              href={consultationAttachmentUrl(a.id)}
              download={a.name}
              aria-label={t('consultation.download')}
            >
              <DownloadOutlined />
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(a.size)} · {a.uploadedBy ?? ''} · {formatDateTime(a.createdAt)}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
