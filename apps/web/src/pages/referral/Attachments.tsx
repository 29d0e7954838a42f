import '../../i18n/referral';
import { App, Button, Card, Empty, Flex, Typography, Upload } from 'antd';
import { FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  attachmentUrl,
  REFERRAL_ATTACHMENT_MAX_MB,
  useAddAttachment,
  useReferralAttachments,
} from '../../api/referrals';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../utils/errors';
import { formatDateTime } from '../../utils/form';

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reports and images sent with the referral; the two institutions' staff may add more. */
export function Attachments({ referralId, canAdd }: { referralId: string; canAdd: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, refetch } = useReferralAttachments(referralId);
  const add = useAddAttachment(referralId);
  const onError = useApiError();
  return (
    <Card
      size="small"
      title={t('referral.attachments')}
      data-testid="referral-attachments"
      extra={
        canAdd && (
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.type && !TYPES.includes(file.type)) void message.error(t('referral.attachmentType'));
              else if (file.size > REFERRAL_ATTACHMENT_MAX_MB * 1024 * 1024)
                void message.error(t('referral.attachmentTooLarge', { max: REFERRAL_ATTACHMENT_MAX_MB }));
              else
                add.mutate(file, {
                  onSuccess: () => void message.success(t('referral.attachmentAdded')),
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
              {t('referral.addAttachment')}
            </Button>
          </Upload>
        )
      }
    >
      <LoadError error={error} onRetry={() => void refetch()} />
      {data && data.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('referral.noAttachments')} />
      )}
      <Flex vertical gap={6}>
        {data?.map((a) => (
          <Flex key={a.id} gap={8} align="baseline" wrap>
            {a.contentType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />}
            <a href={attachmentUrl(a.id)} target="_blank" rel="noopener" data-testid="attachment-link">
              {a.name}
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
