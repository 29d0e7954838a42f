import i18n from 'i18next';
import zhPersonnel from './zh-CN.personnel.json';
import enPersonnel from './en.personnel.json';

// The text of the activity log, training and personnel-figures pages, loaded with them (see
// sharing.ts for why English waits for the app's English bundle). The nav labels are here too.
i18n.addResourceBundle('zh-CN', 'translation', zhPersonnel, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enPersonnel, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
