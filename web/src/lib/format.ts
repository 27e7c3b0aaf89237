import { useTranslation } from 'react-i18next';
import { languageOf, type Language } from './i18n/languages';

/** Numbers, money and dates in the reader's locale (Persian: Solar Hijri calendar and Persian digits). */
export interface Formatters {
  language: Language;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  money(amount: number, currency?: string): string;
  percent(ratio: number): string;
  date(iso: string | Date): string;
  dateTime(iso: string | Date): string;
  relative(iso: string | Date, now?: Date): string;
  /** A length of time as a countdown reads it: its two largest units, seconds under an hour (`1 hr 5 min`, `4 min 7 sec`). */
  duration(ms: number): string;
  /** Compares names in any script as the reader's language sorts them. */
  compare(a: string, b: string): number;
}

const cache = new Map<string, Formatters>();

export function formattersFor(code: string): Formatters {
  const language = languageOf(code);
  const cached = cache.get(language.code);
  if (cached) return cached;
  const { locale } = language;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const unitFormats = new Map(
    (['day', 'hour', 'minute', 'second'] as const).map((unit) => [
      unit,
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }),
    ]),
  );
  const unitList = new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' });
  const durationUnits: [Intl.RelativeTimeFormatUnit & ('day' | 'hour' | 'minute' | 'second'), number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  const formatters: Formatters = {
    language,
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    money: (amount, currency = 'USD') =>
      new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount),
    percent: (ratio) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio),
    date: (iso) => dateFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    relative: (iso, now = new Date()) => {
      const delta = new Date(iso).getTime() - now.getTime();
      for (const [unit, size] of units)
        if (Math.abs(delta) >= size || unit === 'minute') return relativeFormat.format(Math.round(delta / size), unit);
      return relativeFormat.format(0, 'minute');
    },
    duration: (ms) => {
      const length = Math.abs(ms);
      let left = Math.floor(length / 1000) * 1000;
      const parts: string[] = [];
      for (const [unit, size] of durationUnits) {
        const count = Math.floor(left / size);
        left -= count * size;
        // Seconds only under an hour, so a long countdown does not flicker.
        if (unit === 'second' && length >= 3_600_000) break;
        if (count > 0 || parts.length > 0) parts.push(unitFormats.get(unit)?.format(count) ?? String(count));
        if (parts.length === 2) break;
      }
      return unitList.format(parts.length ? parts : [unitFormats.get('second')?.format(0) ?? '0']);
    },
    compare: (a, b) => collator.compare(a, b),
  };
  cache.set(language.code, formatters);
  return formatters;
}

/** The formatters of the language the console is showing. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(i18n.language);
}
