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
 * Every string of the console goes through i18next. Each feature keeps its strings beside it in
 * `features/<feature>/locales/<language>.json` (namespace = the feature's folder); the shell's and the
 * shared components' are in `src/locales/` (namespace `common`). English is the fallback for a missing key.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('../../**/locales/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, file] of Object.entries(files)) {
  const match = /(?:features\/([^/]+)\/)?locales\/([a-z]+)\.json$/.exec(path);
  if (!match?.[2]) continue;
  const namespace = match[1] ?? 'common';
  (resources[match[2]] ??= {})[namespace] = file.default;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  defaultNS: 'common',
  ns: Object.keys(resources.en ?? {}),
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
