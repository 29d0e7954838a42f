import i18n from 'i18next';
import zhSharing from './zh-CN.sharing.json';
import enSharing from './en.sharing.json';

// The text of the shared-resource (医疗资源共享) and remote-consultation (远程会诊) pages, loaded
// with them rather than with the first load. Chinese goes in at once. English goes in only once
// the app's English bundle is there (it is loaded lazily by i18n/index.ts, which takes an existing
// English bundle to mean "already loaded"), so it waits for a switch to English if need be.
// Each of those modules imports this for its side effect, so the text is in place before they render.
i18n.addResourceBundle('zh-CN', 'translation', zhSharing, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enSharing, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
