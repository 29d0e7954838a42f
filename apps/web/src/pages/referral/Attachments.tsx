import '../../i18n/referral';
import { attachmentUrl, REFERRAL_ATTACHMENT_MAX_MB, REFERRALS_KEY } from '../../api/referrals';
import { AttachmentsCard } from '../../components/AttachmentsCard';

/** Reports and images sent with the referral; the two institutions' staff may add more. */
export function Attachments({ referralId, canAdd }: { referralId: string; canAdd: boolean }) {
  return (
    <AttachmentsCard
      listUrl={`/referrals/${referralId}/attachments`}
      fileUrl={attachmentUrl}
      queryKey={[REFERRALS_KEY, 'attachments', referralId]}
      maxMb={REFERRAL_ATTACHMENT_MAX_MB}
      canAdd={canAdd}
      i18nPrefix="referral"
      testId="referral-attachments"
    />
  );
}
