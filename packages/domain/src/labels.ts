import en from './labels/en.json';
import zhCN from './labels/zh-CN.json';

// Display names of every enumeration, in both languages. The web app's i18n and the server's
// xlsx exports read the same table.
export const ENUM_LABELS = { 'zh-CN': zhCN, en } as const;
export type Lang = keyof typeof ENUM_LABELS;
export type LabelGroup = keyof typeof zhCN;

export function enumLabel(lang: Lang, group: LabelGroup, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return (ENUM_LABELS[lang][group] as Record<string, string>)[value] ?? value;
}
