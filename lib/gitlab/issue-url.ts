/**
 * `https://gitlab.com/group/app/-/issues/12` → 12. With `projectWebUrl`, only that project's own issues
 * count (a description may link any project's issue).
 */
export function issueIidFromUrl(url: string, projectWebUrl?: string): number | undefined {
  let match: RegExpExecArray | null;
  if (projectWebUrl === undefined) {
    match = /\/issues\/(\d+)(?:[/?#]|$)/.exec(url);
  } else {
    if (!projectWebUrl) return undefined;
    const prefix = projectWebUrl.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    match = new RegExp(`^${prefix}(?:/-)?/issues/(\\d+)(?:[/?#]|$)`).exec(url);
  }
  return match ? Number(match[1]) : undefined;
}
