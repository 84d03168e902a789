/**
 * Reads the links and headings of the README and docs/ pages, so that a test can check that every relative link
 * lands on a file and every `#anchor` on a heading. Fenced code blocks and inline code are not prose: their
 * brackets are never links and their `#` lines never headings.
 */
import { readFileSync } from 'node:fs';

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

export interface ProseLine {
  readonly line: number;
  readonly text: string;
}

/** The lines outside fenced code blocks, numbered from 1. */
export function proseLines(markdown: string): ProseLine[] {
  const lines: ProseLine[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(text);
    if (opener) {
      const mark = opener[1]!;
      if (fence === undefined) fence = mark;
      else if (mark.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) lines.push({ line: index + 1, text });
  });
  return lines;
}

const withoutInlineCode = (text: string): string => text.replace(/`[^`]*`/g, '');

/** Inline links `[text](target)` and images, with the target as written (title dropped). */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const match of withoutInlineCode(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      links.push({ line, target: match[1]! });
    }
  }
  return links;
}

/** GitHub's anchor of a heading: lower case, markup and punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page has, duplicates numbered the way GitHub numbers them (`-1`, `-2`). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const slug = slugOf(heading[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

export const readMarkdown = (file: string): string => readFileSync(file, 'utf8');
