import type { RequestOf, ResponseMap } from '@/lib/protocol/replies';
import { frameMatchesFile } from '@/lib/domain/frame-path';
import { findLink } from '@/lib/store/links';
import { recentOwnFrames } from '@/lib/background/errors/recent-frames';

/**
 * Recent unresolved errors (of the link's default environment, the poll's cached page) whose in-app frames
 * point at this repository file, with the lines.
 */
export async function handleFileErrors(request: RequestOf<'fileErrors'>): Promise<ResponseMap['fileErrors']> {
  const link = await findLink(request.linkId);
  const found: ResponseMap['fileErrors'] = [];
  for (const { error, frames } of await recentOwnFrames(link)) {
    const lines = new Set(frames.filter((frame) => frameMatchesFile(frame, request.path)).map((frame) => frame.line));
    if (lines.size) found.push({ error, lines: [...lines].sort((a, b) => a - b) });
  }
  return found;
}
