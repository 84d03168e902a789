/**
 * Inline Markdown escaping for text supplied by callers (names, explanations): without it a party called
 * "*Acme* <script>" or an explanation with a "|" would change the document's structure.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .trim()
      // Inline syntax anywhere; brackets are escaped, so parentheses can no longer form a link.
      .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`)
      // Block syntax only counts at the start of a line: headings, lists, ordered lists.
      .replace(/^([#+-])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** "DUPLICATE_PAYMENT" -> "Duplicate payment". */
export function humanizeRule(rule: string): string {
  const words = rule.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
