import i18n from 'i18next';
import zhReferral from './zh-CN.referral.json';

// The Chinese text of the two-way referral pages and the notification centre, loaded with them
// rather than with the first load (Chinese ships inline; English is one lazy file with everything,
// so it needs nothing here). Each of those modules imports this for its side effect, so the text
// is in place before they render.
i18n.addResourceBundle('zh-CN', 'translation', zhReferral, true, false);
