import type { RequestOf } from '@/lib/protocol/replies';
import type { ErrorSummary } from '@/lib/domain/model';
import { findLink } from '@/lib/store/links';
import { backendForLink } from '@/lib/backends/for-link';

/** Errors whose first release is this commit, of any status. */
export async function handleCommitErrors(request: RequestOf<'commitErrors'>): Promise<ErrorSummary[]> {
  const link = await findLink(request.linkId);
  return (await backendForLink(link)).firstSeenInCommit(request.sha.toLowerCase());
}
