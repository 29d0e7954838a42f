import '../../i18n/sharing';
import {
  CONSULTATION_ATTACHMENT_MAX_MB,
  CONSULTATIONS_KEY,
  consultationAttachmentUrl,
} from '../../api/consultations';
import { AttachmentsCard } from '../../components/AttachmentsCard';

/** Images, ECGs and reports for the experts; both institutions' staff may add more. */
export function ConsultationAttachments({
  consultationId,
  canAdd,
}: {
  consultationId: string;
  canAdd: boolean;
}) {
  return (
    <AttachmentsCard
      listUrl={`/consultations/${consultationId}/attachments`}
      fileUrl={consultationAttachmentUrl}
      queryKey={[CONSULTATIONS_KEY, 'attachments', consultationId]}
      maxMb={CONSULTATION_ATTACHMENT_MAX_MB}
      canAdd={canAdd}
      i18nPrefix="consultation"
      testId="consultation-attachments"
      showDownload
    />
  );
}
