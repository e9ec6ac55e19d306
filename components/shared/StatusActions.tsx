import { useState } from 'preact/hooks';
import type { IgnoreDuration, StatusChange } from '@/lib/domain/model';
import { trusted } from './trusted-input';

const IGNORE_LABELS: Record<IgnoreDuration, string> = {
  forever: 'Forever',
  until_escalating: 'Until it escalates',
  '60': 'For 1 hour',
  '1440': 'For 24 hours',
  '10080': 'For 7 days',
};

interface Props {
  status: string;
  busy: boolean;
  /** Why changes are impossible (e.g. the token lacks event:write); disables the buttons. */
  disabledReason?: string;
  onChange(change: StatusChange): void;
}

/** Ignore / Resolve and their undo, as GitLab's Error Tracking shows them. */
export function StatusActions({ status, busy, disabledReason, onChange }: Props) {
  const [duration, setDuration] = useState<IgnoreDuration>('forever');
  const ignored = status === 'ignored';
  const resolved = status === 'resolved' || status === 'resolvedInNextRelease';
  const disabled = busy || Boolean(disabledReason);
  const describedBy = disabledReason ? 'status-actions-reason' : undefined;
  return (
    <div class="status-actions">
      <button
        type="button"
        disabled={disabled}
        aria-describedby={describedBy}
        onClick={trusted(() => onChange(ignored ? { action: 'unresolve' } : { action: 'ignore', duration }))}
      >
        {ignored ? 'Undo ignore' : 'Ignore'}
      </button>
      {!ignored && (
        <label class="ignore-duration">
          <span class="visually-hidden">Ignore duration</span>
          <select
            value={duration}
            disabled={disabled}
            onChange={trusted((event: Event) => setDuration((event.currentTarget as HTMLSelectElement).value as IgnoreDuration))}
          >
            {Object.entries(IGNORE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        class="primary"
        disabled={disabled}
        aria-describedby={describedBy}
        onClick={trusted(() => onChange(resolved ? { action: 'unresolve' } : { action: 'resolve' }))}
      >
        {resolved ? 'Unresolve' : 'Resolve'}
      </button>
      {disabledReason && (
        <p id="status-actions-reason" class="muted">
          {disabledReason}
        </p>
      )}
    </div>
  );
}
