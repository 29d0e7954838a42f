import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import zhCN from './zh-CN.json';
// Display names of the enumerations live in the shared contract (the server's xlsx exports use
// them too). They are imported as JSON by path, not from '@yilian/domain', so that the first load
// does not pull in zod and every schema.
import zhEnums from '../../../../packages/domain/src/labels/zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'yilian.lang';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && (LANGUAGES as readonly string[]).includes(v)) return v as Language;
  } catch {
    // storage may be unavailable (private mode): Chinese first.
  }
  return 'zh-CN';
}

/** English is loaded only when someone asks for it; Chinese is the default and ships inline. */
async function ensureBundle(lng: Language): Promise<void> {
  if (i18n.hasResourceBundle(lng, 'translation')) return;
  if (lng === 'en') {
    const [en, enEnums] = await Promise.all([
      import('./en.json'),
      import('../../../../packages/domain/src/labels/en.json'),
    ]);
    i18n.addResourceBundle('en', 'translation', { ...en.default, enums: enEnums.default }, true, true);
  }
}

function applyDocumentLanguage(lng: Language) {
  document.documentElement.lang = lng;
  dayjs.locale(lng === 'zh-CN' ? 'zh-cn' : 'en');
}

export async function initI18n(): Promise<void> {
  const lng = storedLanguage();
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: { ...zhCN, enums: zhEnums } } },
    lng: 'zh-CN',
    fallbackLng: 'zh-CN',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
  });
  if (lng !== 'zh-CN') await setLanguage(lng);
  else applyDocumentLanguage(lng);
}

export async function setLanguage(lng: Language): Promise<void> {
  await ensureBundle(lng);
  await i18n.changeLanguage(lng);
  applyDocumentLanguage(lng);
  document.title = i18n.t('app.title');
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted; the choice still holds for this visit
  }
}

export function currentLanguage(): Language {
  return (i18n.resolvedLanguage as Language | undefined) ?? 'zh-CN';
}

export default i18n;
