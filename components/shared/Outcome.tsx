import type { Failure } from '@/lib/domain/errors';
import { FailureAlert } from './FailureAlert';

/** What an action in a section came to: its failure (alert) or its confirmation (status). */
export function Outcome({ failure, notice }: { failure: Failure | null; notice: string }) {
  return (
    <>
      {failure && <FailureAlert failure={failure} />}
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
    </>
  );
}
