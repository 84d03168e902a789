/**
 * Name normalisation for screening: "Nordwind Handels GmbH", "NORDWIND HANDELS" and "Nordwínd Handels G.m.b.H."
 * are one name. Legal-form suffixes are dropped because lists and payment data rarely agree on them.
 */

/** Legal forms, as they read once dots are removed ("S.A." -> "SA", "L.L.C." -> "LLC"). */
const companySuffixes = new Set([
  'LTD',
  'LIMITED',
  'LLC',
  'INC',
  'INCORPORATED',
  'CORP',
  'CORPORATION',
  'CO',
  'COMPANY',
  'PLC',
  'GMBH',
  'AG',
  'SA',
  'SAS',
  'SARL',
  'BV',
  'NV',
  'LLP',
  'LP',
  'PTY',
  'SRL',
  'SPA',
  'OY',
  'AB',
  'AS',
  'KG',
  'OOO',
  'ZAO',
  'OAO',
  'PJSC',
  'JSC',
  'SL',
  'SE',
  'KFT',
  'SPZOO',
]);

export function normalizeName(name: string): string {
  const tokens = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    // Dots and apostrophes join ("S.A.", "O'Brien"); every other non-alphanumeric separates.
    .replace(/[.'\u2019]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
  if (tokens[0] === 'THE' && tokens.length > 1) tokens.shift();
  while (tokens.length > 1 && companySuffixes.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens.join(' ');
}

/** Tokens in alphabetical order, so "PETROV IVAN" and "IVAN PETROV" compare as equal. */
export function tokenSorted(normalized: string): string {
  return normalized.split(' ').sort().join(' ');
}
