import { parseNumberText, toAsciiDigits } from '../common/numbers.ts';
import { companySizes } from '../companies/company.schema.ts';

/**
 * How cells of other CRMs' exports are read into Relay's values. Each reader returns the value, or
 * undefined when the cell cannot be read (the caller reports it and imports the row without it).
 */

export const dateOrders = ['month-first', 'day-first'] as const;
export type DateOrder = (typeof dateOrders)[number];

const isoDate =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const localDate =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A creation date as the CRMs write it, as an ISO-8601 UTC timestamp: ISO 8601 (`2024-03-05T14:22:00Z`,
 * `2024-03-05 14:22`, with or without seconds and offset), `03/05/2024 2:22 PM` and `05.03.2024 14:22`,
 * or epoch milliseconds (HubSpot's API exports). A time without an offset is UTC. For `a/b/yyyy`:
 * a first number above 12 is the day, a second above 12 makes the first the month; when both could be
 * either, `order` decides (default month-first, as HubSpot's and Salesforce's US-locale exports write
 * it), except that dotted dates (`05.03.2024`) are always day-first. A date in the future (beyond `now`)
 * or before 1970 is refused.
 */
export function parseExportDate(cell: string, now: string, order: DateOrder = 'month-first'): string | undefined {
  const text = cell.trim();
  let parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };
  let offset: string | undefined;
  const iso = isoDate.exec(text);
  const local = iso ? null : localDate.exec(text);
  if (/^\d{12,13}$/.test(text)) {
    const date = new Date(Number(text));
    return inRange(date, now) ? date.toISOString() : undefined;
  } else if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone] = iso;
    parts = {
      year: +y!,
      month: +mo!,
      day: +d!,
      hour: +h,
      minute: +mi,
      second: +s,
      ms: Math.round(Number(`0.${fraction}`) * 1000),
    };
    offset = zone;
  } else if (local) {
    const [, a, separator, b, y, h = '0', mi = '0', s = '0', meridiem, zone] = local;
    const first = +a!;
    const second = +b!;
    const dayFirst = first > 12 || (second <= 12 && (separator === '.' || order === 'day-first'));
    let hour = +h;
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
    }
    parts = {
      year: +y!,
      month: dayFirst ? second : first,
      day: dayFirst ? first : second,
      hour,
      minute: +mi,
      second: +s,
      ms: 0,
    };
    offset = zone;
  } else return undefined;
  const { year, month, day, hour, minute, second, ms } = parts;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 31 April, 29 February of a common year
  const date = new Date(utc - offsetMinutes(offset) * 60_000);
  return inRange(date, now) ? date.toISOString() : undefined;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc)$/i.test(zone)) return 0;
  const [, sign, hours, minutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

const inRange = (date: Date, now: string) =>
  Number.isFinite(date.getTime()) && date.getTime() >= 0 && date.getTime() <= Date.parse(now);

let countryNames: Map<string, string> | undefined;
const looseName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Region codes that are no country (EU, UN...) or no longer one (DD is "Germany" in some locales). */
const notCountries = new Set([
  'EU',
  'EZ',
  'UN',
  'QO',
  'XA',
  'XB',
  'ZZ',
  'DD',
  'YU',
  'CS',
  'SU',
  'ZR',
  'TP',
  'BU',
  'NT',
  'YD',
  'FX',
  'AN',
]);
/** Names the region display names miss that exports write. */
const extraCountryNames: readonly (readonly [string, string])[] = [
  ['USA', 'US'],
  ['United States of America', 'US'],
  ['UK', 'GB'],
  ['Great Britain', 'GB'],
  ['England', 'GB'],
  ['Iran, Islamic Republic of', 'IR'],
  ['Islamic Republic of Iran', 'IR'],
  ['Persia', 'IR'],
  ['Russian Federation', 'RU'],
  ['Korea, Republic of', 'KR'],
];

/** Country names (in English, Persian, Arabic, German, French, Spanish) → ISO 3166-1 alpha-2, built once. */
function countryNameTable(): Map<string, string> {
  if (countryNames) return countryNames;
  const table = new Map<string, string>();
  for (const locale of ['en', 'fa', 'ar', 'de', 'fr', 'es']) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const a of letters)
      for (const b of letters) {
        const code = `${a}${b}`;
        const name = notCountries.has(code) ? undefined : names.of(code);
        if (name && !table.has(looseName(name))) table.set(looseName(name), code);
      }
  }
  for (const [name, code] of extraCountryNames) table.set(looseName(name), code);
  countryNames = table;
  return table;
}

/** A country as an ISO 3166-1 alpha-2 code: a code ("de") or a country's name ("Germany", "Iran", "ایران"). */
export function readCountry(cell: string): string | undefined {
  const text = cell.trim();
  if (/^[a-z]{2}$/i.test(text)) return text.toUpperCase();
  return countryNameTable().get(looseName(text));
}

const timeZones = () => new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
let knownZones: Set<string> | undefined;

/**
 * An IANA time zone: as written ("Europe/Berlin"), inside a label ("(GMT+01:00) Europe/Berlin"), or
 * spelled as HubSpot stores it ("europe_slash_berlin").
 */
export function readTimeZone(cell: string): string | undefined {
  knownZones ??= timeZones();
  const text = cell.trim().replace(/_slash_/gi, '/');
  const byLowerCase = (zone: string) => [...(knownZones as Set<string>)].find((z) => z.toLowerCase() === zone);
  if (knownZones.has(text)) return text;
  const candidates = text.match(/[A-Za-z]+(?:\/[A-Za-z_-]+)+|UTC/g) ?? [];
  for (const candidate of candidates) {
    const zone = knownZones.has(candidate) ? candidate : byLowerCase(candidate.toLowerCase());
    if (zone) return zone;
  }
  return byLowerCase(text.toLowerCase());
}

/** A company size band: Relay's own ("51-200") or a head count ("250" → "201-500"). Other text is left to validation. */
export function readCompanySize(cell: string): string {
  const text = toAsciiDigits(cell)
    .trim()
    .replace(/\s/g, '')
    .replace(/\u066C/g, ',');
  if ((companySizes as readonly string[]).includes(text)) return text;
  if (!/^\d[\d,.]*$/.test(text)) return cell;
  const count = Number(text.replace(/[,.]/g, ''));
  const bands: readonly [number, string][] = [
    [10, '1-10'],
    [50, '11-50'],
    [200, '51-200'],
    [500, '201-500'],
    [1000, '501-1000'],
    [5000, '1001-5000'],
  ];
  return bands.find(([max]) => count <= max)?.[1] ?? '5001+';
}

/** A number when the cell is one ("1 200 000", "1,200,000"), else the cell itself (so validation says what is wrong). */
export function readNumber(cell: string): number | string {
  const read = parseNumberText(cell);
  if (read !== undefined) return read;
  const text = toAsciiDigits(cell)
    .replace(/[\s_]/g, '')
    .replace(/,(?=\d{3}(?:\D|$))/g, '');
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : cell;
}

/** A list cell ("vip; webinar" or "vip,webinar" or "vip|webinar"). */
export const readList = (cell: string) =>
  cell
    .split(/[;,|]/)
    .map((item) => item.trim())
    .filter(Boolean);
