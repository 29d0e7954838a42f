import i18n from 'i18next';
import zhGov from './zh-CN.governance.json';
import enGov from './en.governance.json';

// The text of the governance pages (会议, 问题清单台账, 我的待办), loaded
// with them rather than with the first load. Chinese goes in at once. English goes in only once
// the app's English bundle is there (it is loaded lazily by i18n/index.ts, which takes an existing
// English bundle to mean "already loaded"), so it waits for a switch to English if need be.
// Each of those modules imports this for its side effect, so the text is in place before they render.
i18n.addResourceBundle('zh-CN', 'translation', zhGov, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enGov, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
