export interface CursorLinks {
  next?: string;
  previous?: string;
}

/**
 * Reads Sentry's Link header (`<url>; rel="next"; results="true"; cursor="0:100:0", ...`). Only the cursor
 * attribute is kept: the URL inside <...> may name another host than the one we called.
 */
export function parseCursorLinks(header: string | null): CursorLinks {
  const links: CursorLinks = {};
  if (!header) return links;
  for (const part of header.split(/,\s*(?=<)/)) {
    const rel = /rel="?(next|previous)"?/.exec(part)?.[1] as 'next' | 'previous' | undefined;
    const results = /results="?(true|false)"?/.exec(part)?.[1];
    const cursor = /cursor="([^"]*)"/.exec(part)?.[1];
    if (rel && results === 'true' && cursor) links[rel] = cursor;
  }
  return links;
}
