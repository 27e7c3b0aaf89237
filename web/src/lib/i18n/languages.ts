/** The console's languages. Persian and Arabic lay out right to left. */
export const languages = [
  { code: 'en', name: 'English', dir: 'ltr', locale: 'en-US', weekStartsOn: 1 },
  // Intl gives fa-IR the Persian (Solar Hijri) calendar and Persian digits by default.
  { code: 'fa', name: 'فارسی', dir: 'rtl', locale: 'fa-IR', weekStartsOn: 6 },
  // Arabic with Arabic-Indic digits and the Gregorian calendar, as most Arabic-speaking businesses invoice.
  { code: 'ar', name: 'العربية', dir: 'rtl', locale: 'ar-EG-u-ca-gregory-nu-arab', weekStartsOn: 6 },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];
export type Language = (typeof languages)[number];

export function languageOf(code: string | undefined): Language {
  return languages.find((language) => language.code === code) ?? languages[0];
}
