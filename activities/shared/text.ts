/** Text normalisation shared by the matching rules, so that "Café Ltd." and "CAFE LTD" compare as equal. */

/** Lower case without accents: NFD splits "é" into "e" and a combining mark, which is then dropped. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words and numbers of a text, folded; punctuation and spacing only separate them. */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

/** Letters and digits only: "INV-1043 /A" and "inv1043a" share the key "inv1043a". */
export function compactKey(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Code-unit order: unlike localeCompare it is the same on every machine, which tie-breaking needs. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
