import { backendForLink } from '../../backends/for-link';
import type { ErrorDetailsView, RequestOf } from '../../protocol/replies';
import { findLink } from '../../store/links';

/** An error's details with its latest event, and why its buttons are off when they are. */
export async function handleGetErrorDetails(request: RequestOf<'getErrorDetails'>): Promise<ErrorDetailsView> {
  const backend = await backendForLink(await findLink(request.linkId));
  const [result, writeDenied] = await Promise.all([backend.getDetails(request.errorId), backend.writeBlocked()]);
  return { ...result, writeDenied };
}
