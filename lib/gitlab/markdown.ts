// Error text is attacker-controlled: whatever a user typed can end up in an error's title. These helpers
// keep such text inert in GitLab Markdown (no links, images, HTML, mentions or references).

const REFERENCE_PREFIX = /([@#!~%&$^*])(?=[\p{L}\p{N}_\[{("'])/gu;
const WORD_JOINER = '\u2060';

/**
 * An issue title: GitLab renders references (#12, !3, ~label) and mentions (@user, which notify people)
 * in titles. A word joiner after the prefix keeps the text readable and searchable but inert.
 */
export function inertTitle(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').trim() || '(no title)';
  return flat.replace(REFERENCE_PREFIX, `$1${WORD_JOINER}`).slice(0, 255);
}

/** Inline code that no backtick run inside the text can close. */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  if (!flat) return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block that no fence inside the text can close. */
export function codeBlock(text: string, language = 'text'): string {
  const longestRun = Math.max(2, ...(text.match(/`{3,}|~{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * A URL safe to write into Markdown as it is: the characters that could close a link or start one
 * (`( ) [ ] < >`, spaces) are percent-encoded. Ordinary Sentry permalinks have none and stay unchanged.
 */
export function markdownUrl(url: string): string {
  return url.replace(/[()[\]<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
