import i18n from 'i18next';
import zhDispatch from './zh-CN.dispatch.json';
import enDispatch from './en.dispatch.json';

// The text of the expert-dispatch (人员下沉) pages, loaded with them rather than with the first load.
// Chinese goes in at once; English only once the app's English bundle is there (it is loaded lazily by i18n/index.ts, which takes an existing
// English bundle to mean "already loaded"), so it waits for a switch to English if need be.
// Each of those modules imports this for its side effect, so the text is in place before they render.
i18n.addResourceBundle('zh-CN', 'translation', zhDispatch, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enDispatch, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
