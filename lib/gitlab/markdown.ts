// Error text is attacker-controlled: whatever a user typed can end up in an error's title. These helpers
// keep such text inert in GitLab Markdown (no links, images, HTML, mentions or references).

const REFERENCE_PREFIX = /([@#!~%&$^*])(?=[\p{L}\p{N}_[{("'])/gu;
const WORD_JOINER = '\u2060';
// Whatever a Markdown parser, a browser or GitLab's quick-action scanner might take for the end of a line.
const LINE_BREAK = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/;
const LINE_BREAKS = /[\r\n\v\f\u0085\u2028\u2029]+/g;

/** Text for a single-line place (a title, a code span, a stack frame): line breaks become spaces. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/**
 * Multi-line text whose lines cannot start GitLab quick actions: GitLab runs a description line beginning
 * with `/` (`/close`, `/assign @x`) as a command, and its scanner does not see fences the way Markdown does.
 * A word joiner before such a slash keeps the line readable but no longer a command.
 */
export function inertLines(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(/^(\s*)\//, `$1${WORD_JOINER}/`))
    .join('\n');
}

/**
 * An issue title: GitLab renders references (#12, !3, ~label) and mentions (@user, which notify people)
 * in titles. A word joiner after the prefix keeps the text readable and searchable but inert.
 */
export function inertTitle(text: string): string {
  const flat = oneLine(text).replace(/\t+/g, ' ').trim() || '(no title)';
  return flat.replace(REFERENCE_PREFIX, `$1${WORD_JOINER}`).slice(0, 255);
}

/** Inline code that no backtick run inside the text can close. */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  if (!flat) return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block that no fence inside the text can close, and whose lines run no quick actions. */
export function codeBlock(text: string, language = 'text'): string {
  const body = inertLines(text);
  const longestRun = Math.max(2, ...(body.match(/`{3,}|~{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

/**
 * A URL safe to write into Markdown as it is: the characters that could close a link or start one
 * (`( ) [ ] < >`, spaces) are percent-encoded. Ordinary Sentry permalinks have none and stay unchanged.
 */
export function markdownUrl(url: string): string {
  return url.replace(/[()[\]<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
