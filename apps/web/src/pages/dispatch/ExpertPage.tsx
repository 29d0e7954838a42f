import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ExpertsTab } from './ExpertsTab';
import { StaffingTab } from './StaffingTab';

/** 专家库: the experts of the sending hospitals, and how many each home department may spare. */
export default function ExpertPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const tab = sp.get('tab') === 'staffing' ? 'staffing' : 'experts';
  return (
    <>
      <PageHeader title={t('dispatch.expert.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'staffing' ? { tab: k } : {})}
        destroyOnHidden
        items={[
          { key: 'experts', label: t('dispatch.expert.tabExperts'), children: <ExpertsTab /> },
          { key: 'staffing', label: t('dispatch.expert.tabStaffing'), children: <StaffingTab /> },
        ]}
      />
    </>
  );
}
