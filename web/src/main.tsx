import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { signInFor } from './auth/sign-in';
import { loadConfig } from './lib/config';
import { applyLanguage, i18n } from './lib/i18n/i18n';
import { languageOf } from './lib/i18n/languages';

applyLanguage(languageOf(i18n.language).code);
const root = createRoot(document.getElementById('root') as HTMLElement);
loadConfig()
  .then(async (config) => root.render(<App config={config} signIn={await signInFor(config)} />))
  .catch((error: Error) => {
    document.body.textContent = error.message;
  });
