import i18n from 'i18next';
import zhClients from './zh-CN.clients.json';
import enClients from './en.clients.json';

// The text of the system-client pages, loaded with them (see
// sharing.ts for why English waits for the app's English bundle).
i18n.addResourceBundle('zh-CN', 'translation', zhClients, true, false);

let englishAdded = false;
function addEnglish() {
  if (englishAdded || !i18n.hasResourceBundle('en', 'translation')) return;
  i18n.addResourceBundle('en', 'translation', enClients, true, false);
  englishAdded = true;
}
addEnglish();
if (!englishAdded)
  i18n.on('languageChanged', function onChange() {
    addEnglish();
    if (englishAdded) i18n.off('languageChanged', onChange);
  });
