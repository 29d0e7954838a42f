import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

const NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };
const SHORT: Record<Language, string> = { 'zh-CN': '中', en: 'EN' };

/** Language names are shown in their own language, as is the custom. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage as Language | undefined) ?? 'zh-CN';
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((l) => ({ key: l, label: <span lang={l}>{NAMES[l]}</span> })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button
        type={type}
        icon={<GlobalOutlined />}
        aria-label={t('header.language')}
        data-testid="language-switch"
      >
        {SHORT[current]}
      </Button>
    </Dropdown>
  );
}
