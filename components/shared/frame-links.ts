import type { StackFrame } from '@/lib/domain/model';
import type { FrameLinksView } from '@/lib/protocol/replies';
import { urlOnOrigin } from '@/lib/remote/safe-url';

export interface FrameLinkView {
  href: string;
  /** "Open app/models/user.rb:42 in GitLab"; without a line, "Open app/models/user.rb in GitLab". */
  name: string;
}

const keyOf = (frame: Pick<StackFrame, 'file' | 'absPath' | 'line'>) => JSON.stringify([frame.file, frame.absPath, frame.line ?? null]);

/** The GitLab link of each frame the background found in the repository; only links into that GitLab count. */
export function frameLinkLookup(view: FrameLinksView | undefined): (frame: StackFrame) => FrameLinkView | undefined {
  const byFrame = new Map<string, FrameLinkView>();
  for (const link of view?.links ?? []) {
    const href = urlOnOrigin(link.href, view!.gitlabUrl);
    const where = link.line === undefined ? link.repoPath : `${link.repoPath}:${link.line}`;
    if (href) byFrame.set(keyOf(link), { href, name: `Open ${where} in GitLab` });
  }
  return (frame) => byFrame.get(keyOf(frame));
}
