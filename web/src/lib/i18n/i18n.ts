import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { languageOf, type LanguageCode } from './languages';

const storageKey = 'relay.language';

function initialLanguage(): LanguageCode {
  const stored = globalThis.localStorage?.getItem(storageKey);
  if (stored) return languageOf(stored).code;
  return languageOf(globalThis.navigator?.language?.slice(0, 2)).code;
}

/**
 * Every string of the console goes through i18next. The shell's and the shared components' strings are in
 * `src/locales/` (namespace `common`) and load with the entry; each feature keeps its own beside it in
 * `features/<feature>/locales/<language>.json` (namespace = the feature's folder), fetched with the
 * feature's screen (react-i18next suspends until they are there). English is the fallback for a missing key.
 */
const common = import.meta.glob<{ default: Record<string, unknown> }>('../../locales/*.json', { eager: true });
const featureStrings = import.meta.glob<{ default: Record<string, unknown> }>('../../features/*/locales/*.json');
const resources: Record<string, { common: Record<string, unknown> }> = {};
for (const [path, file] of Object.entries(common)) {
  const language = /locales\/([a-z]+)\.json$/.exec(path)?.[1];
  if (language) resources[language] = { common: file.default };
}

/** An i18next backend that imports a feature's strings on first use (the files Vite split out above). */
const featureBackend = {
  type: 'backend' as const,
  init: () => undefined,
  read(language: string, namespace: string, done: (error: Error | null, strings?: Record<string, unknown>) => void) {
    const load = featureStrings[`../../features/${namespace}/locales/${language}.json`];
    if (!load) return done(null, {});
    load().then(
      (file) => done(null, file.default),
      (error: Error) => done(error),
    );
  },
};

export const i18n = i18next.createInstance();
void i18n
  .use(featureBackend)
  .use(initReactI18next)
  .init({
    resources,
    // The common strings are bundled; the backend adds the features' (partialBundledLanguages keeps both).
    partialBundledLanguages: true,
    defaultNS: 'common',
    ns: ['common'],
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });

/** Switches language, remembers it, and sets <html lang dir> so the browser and screen readers follow. */
export function applyLanguage(code: LanguageCode): void {
  const language = languageOf(code);
  globalThis.localStorage?.setItem(storageKey, language.code);
  document.documentElement.lang = language.code;
  document.documentElement.dir = language.dir;
  void i18n.changeLanguage(language.code);
}
