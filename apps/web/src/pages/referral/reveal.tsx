import '../../i18n/referral';
import { useState } from 'react';
import { App } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Me, Referral } from '@yilian/domain';
import { useRevealIdentity, type RevealedIdentity } from '../../api/referrals';
import { useApiError } from '../../utils/errors';

/** Staff of the sending or the receiving institution (the server's sides); the office and
 *  supervisors read the referral but may not see the full identity. */
export function standsOnASide(me: Me, r: Referral): boolean {
  if (!me.institutionId) return false;
  if (me.institutionId === r.fromInstitutionId)
    return ['clinician', 'institution_admin', 'dispatched_expert'].includes(me.role);
  if (me.institutionId === r.toInstitutionId) return ['clinician', 'institution_admin'].includes(me.role);
  return false;
}

/** The full identity, phone and insurance numbers, behind a confirmation that the look is recorded. */
export function useReveal(r: Referral) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const reveal = useRevealIdentity(r.id);
  const onError = useApiError();
  const [shown, setShown] = useState<RevealedIdentity | null>(null);
  // Only the two institutions' staff may look; the server checks again and audits.
  const mayReveal = r.patient.masked && !shown;
  const ask = () =>
    modal.confirm({
      title: t('referral.revealTitle'),
      icon: <SafetyOutlined />,
      content: t('referral.revealContent'),
      okText: t('referral.revealOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-reveal' } as never,
      onOk: () =>
        reveal.mutateAsync().then(setShown, (e: unknown) => {
          onError(e);
        }),
    });
  return { shown, ask, mayReveal, pending: reveal.isPending };
}
