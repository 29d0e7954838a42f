import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { AgreementTable } from './AgreementTable';

export default function AgreementListPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('nav.agreements')} subtitle={t('agreement.pageHint')} />
      <AgreementTable />
    </>
  );
}
