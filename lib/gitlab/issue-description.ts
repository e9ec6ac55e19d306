import type { ErrorDetails, ErrorEvent, StackFrame } from '../domain/model';
import { codeBlock, codeSpan, inertLines, markdownUrl, oneLine } from './markdown';

const TOP_FRAMES = 10;

function isoOrUnknown(iso: string | undefined): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? 'unknown' : new Date(time).toISOString();
}

function frameLine(frame: StackFrame): string {
  const where = frame.line === undefined ? '' : `:${frame.line}${frame.column === undefined ? '' : `:${frame.column}`}`;
  return `  at ${oneLine(frame.function) || '<anonymous>'} (${oneLine(frame.file)}${where})`;
}

/** The top in-app frames of the newest exception (or its top frames when none is in-app). */
export function stackExcerpt(event: ErrorEvent | null): string | undefined {
  const exception = event?.exceptions[0];
  if (!exception) return undefined;
  const inApp = exception.frames.filter((frame) => frame.inApp);
  const frames = (inApp.length ? inApp : exception.frames).slice(0, TOP_FRAMES);
  // The value may span lines (codeBlock keeps them inert); the type and frames are single-line places.
  const header = [oneLine(exception.type), exception.value].filter(Boolean).join(': ');
  return [header, ...frames.map(frameLine)].filter(Boolean).join('\n');
}

/**
 * Written into every description this extension makes: an HTML comment, invisible in GitLab, that tells
 * an issue made for the error apart from one that merely mentions its permalink.
 */
export function issueMarker(errorId: string): string {
  return `<!-- error-tracker-for-gitlab:${errorId.replace(/[^\w]/g, '')} -->`;
}

/**
 * The GitLab issue description for an error. The Sentry permalink in it is how this extension (and anyone
 * else) finds the issue again, so it is always present and never reformatted.
 */
export function issueDescription(details: ErrorDetails, event: ErrorEvent | null): string {
  const lines = [
    '## Error details',
    '',
    `- **Error:** ${codeSpan(details.title || '(no title)')}`,
    `- **Sentry issue:** ${markdownUrl(details.permalink)}`,
    details.shortId ? `- **Short ID:** ${codeSpan(details.shortId)}` : '',
    `- **First seen:** ${isoOrUnknown(details.firstSeen)}`,
    `- **Last seen:** ${isoOrUnknown(details.lastSeen)}`,
    `- **Events:** ${details.count}`,
    `- **Users:** ${details.userCount}`,
    details.level ? `- **Level:** ${codeSpan(details.level)}` : '',
    details.firstRelease ? `- **First release:** ${codeSpan(details.firstRelease)}` : '',
    details.lastRelease ? `- **Last release:** ${codeSpan(details.lastRelease)}` : '',
  ].filter((line, index) => index < 2 || line !== '');
  const excerpt = stackExcerpt(event);
  if (excerpt) lines.push('', '### Stack trace', '', codeBlock(excerpt));
  lines.push('', '_Created from Sentry by Error Tracker for GitLab._', issueMarker(details.id));
  // Every piece above is already inert; this pass makes sure no line of remote text runs a quick action.
  return inertLines(lines.join('\n'));
}
