import i18n from 'i18next';
import zhCouncil from './zh-CN.council.json';
import enCouncil from './en.council.json';

// The text of the council (理事会), document, goal and key-project pages, loaded with them rather
// than with the first load. Chinese goes in at once; English once the app's English bundle is
// there (i18n/index.ts loads it lazily), so it waits for a switch to English if need be. The menu
// labels are in the app's own files: the menu shows before any of these pages loads.
i18n.addResourceBundle('zh-CN', 'translation', zhCouncil, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enCouncil, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
