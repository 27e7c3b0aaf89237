import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { applyLanguage } from '../lib/i18n/i18n';
import { languages, type LanguageCode } from '../lib/i18n/languages';

/** `compact` drops the visible label (the header has no room), keeping it for screen readers. */
export function LanguagePicker({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    // The browser's own select: fully accessible, right-to-left aware, and no popover code on the first screen.
    <NativeSelect
      {...(compact ? { 'aria-label': t('language') } : { label: t('language') })}
      data={languages.map((language) => ({ value: language.code, label: language.name }))}
      value={i18n.language}
      onChange={(event) => applyLanguage(event.currentTarget.value as LanguageCode)}
      w={160}
    />
  );
}
