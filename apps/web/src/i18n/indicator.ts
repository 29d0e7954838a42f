import i18n from 'i18next';
import zhIndicator from './zh-CN.indicator.json';
import enIndicator from './en.indicator.json';

// The text of the indicator, report-form, assessment (考核) and dashboard pages, loaded with them
// rather than with the first load. Chinese goes in at once. English goes in only once
// the app's English bundle is there (it is loaded lazily by i18n/index.ts, which takes an existing
// English bundle to mean "already loaded"), so it waits for a switch to English if need be.
// Each of those modules imports this for its side effect, so the text is in place before they render.
i18n.addResourceBundle('zh-CN', 'translation', zhIndicator, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enIndicator, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
