/**
 * Named sales regions a territory rule may list, as ISO 3166-1 alpha-2 codes (plus XK, Kosovo).
 * EMEA, AMER and APAC split the inhabited world between them; the others are subsets of one of those.
 * Pakistan, Afghanistan, the Caucasus and Central Asia count as EMEA, as most sales organisations book them.
 */
export type RegionName = 'EMEA' | 'AMER' | 'APAC' | 'LATAM' | 'NA' | 'DACH' | 'NORDICS';

export const regions: Readonly<Record<RegionName, readonly string[]>> = {
  EMEA: [
    // Europe
    'AD', 'AL', 'AT', 'AX', 'BA', 'BE', 'BG', 'BY', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FO', 'FR', 'GB', 'GG',
    'GI', 'GR', 'HR', 'HU', 'IE', 'IM', 'IS', 'IT', 'JE', 'LI', 'LT', 'LU', 'LV', 'MC', 'MD', 'ME', 'MK', 'MT', 'NL', 'NO',
    'PL', 'PT', 'RO', 'RS', 'RU', 'SE', 'SI', 'SJ', 'SK', 'SM', 'UA', 'VA', 'XK',
    // Caucasus and Central Asia
    'AM', 'AZ', 'GE', 'KG', 'KZ', 'TJ', 'TM', 'UZ',
    // Middle East
    'AE', 'AF', 'BH', 'IL', 'IQ', 'IR', 'JO', 'KW', 'LB', 'OM', 'PK', 'PS', 'QA', 'SA', 'SY', 'TR', 'YE',
    // Africa
    'AO', 'BF', 'BI', 'BJ', 'BW', 'CD', 'CF', 'CG', 'CI', 'CM', 'CV', 'DJ', 'DZ', 'EG', 'EH', 'ER', 'ET', 'GA', 'GH', 'GM',
    'GN', 'GQ', 'GW', 'KE', 'KM', 'LR', 'LS', 'LY', 'MA', 'MG', 'ML', 'MR', 'MU', 'MW', 'MZ', 'NA', 'NE', 'NG', 'RE', 'RW',
    'SC', 'SD', 'SH', 'SL', 'SN', 'SO', 'SS', 'ST', 'SZ', 'TD', 'TG', 'TN', 'TZ', 'UG', 'YT', 'ZA', 'ZM', 'ZW',
  ],
  AMER: [
    // North America
    'BM', 'CA', 'GL', 'MX', 'PM', 'US',
    // Central America
    'BZ', 'CR', 'GT', 'HN', 'NI', 'PA', 'SV',
    // Caribbean
    'AG', 'AI', 'AW', 'BB', 'BL', 'BQ', 'BS', 'CU', 'CW', 'DM', 'DO', 'GD', 'GP', 'HT', 'JM', 'KN', 'KY', 'LC', 'MF', 'MQ',
    'MS', 'PR', 'SX', 'TC', 'TT', 'VC', 'VG', 'VI',
    // South America
    'AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'FK', 'GF', 'GY', 'PE', 'PY', 'SR', 'UY', 'VE',
  ],
  APAC: [
    // East and South-East Asia
    'BN', 'CN', 'HK', 'ID', 'JP', 'KH', 'KP', 'KR', 'LA', 'MM', 'MN', 'MO', 'MY', 'PH', 'SG', 'TH', 'TL', 'TW', 'VN',
    // South Asia
    'BD', 'BT', 'IN', 'LK', 'MV', 'NP',
    // Oceania
    'AS', 'AU', 'CC', 'CK', 'CX', 'FJ', 'FM', 'GU', 'KI', 'MH', 'MP', 'NC', 'NF', 'NR', 'NU', 'NZ', 'PF', 'PG', 'PN', 'PW',
    'SB', 'TK', 'TO', 'TV', 'VU', 'WF', 'WS',
  ],
  LATAM: [
    'MX', 'BZ', 'CR', 'GT', 'HN', 'NI', 'PA', 'SV',
    'AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'FK', 'GF', 'GY', 'PE', 'PY', 'SR', 'UY', 'VE',
  ],
  NA: ['US', 'CA', 'MX'],
  DACH: ['DE', 'AT', 'CH'],
  NORDICS: ['DK', 'FI', 'IS', 'NO', 'SE'],
};

const members = new Map<string, ReadonlySet<string>>(Object.entries(regions).map(([name, countries]) => [name, new Set(countries)]));

/** Whether a territory names a region rather than a country. 'NA' is North America here, never Namibia. */
export function isRegionName(territory: string): territory is RegionName {
  return members.has(territory);
}

/** How many countries a region holds if `country` is one of them; undefined otherwise. Smaller regions are more specific. */
export function regionSizeIfIncludes(region: RegionName, country: string): number | undefined {
  const countries = members.get(region);
  return countries?.has(country) ? countries.size : undefined;
}
