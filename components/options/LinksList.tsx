import type { Failure } from '@/lib/domain/errors';
import { Outcome } from '@/components/shared/Outcome';
import { sourceLabel } from '@/lib/backends/labels';
import type { ProjectLink } from '@/lib/store/storage';

interface Props {
  links: ProjectLink[];
  busy: boolean;
  failure: Failure | null;
  notice: string;
  onEdit(link: ProjectLink): void;
  onToggle(link: ProjectLink): void;
  onRemove(link: ProjectLink): void;
}

export function LinksList({ links, busy, failure, notice, onEdit, onToggle, onRemove }: Props) {
  return (
    <section aria-labelledby="links-heading" class="card">
      <h2 id="links-heading">Linked projects</h2>
      {links.length === 0 ? (
        <p class="hint">No GitLab project is linked yet.</p>
      ) : (
        <ul class="link-list">
          {links.map((link) => (
            <li key={link.id}>
              <span class="link-text">
                <strong>{link.gitlabProject}</strong> → {sourceLabel(link)}
                <span class="state">{link.active ? ' (polled)' : ' (paused)'}</span>
              </span>
              <button type="button" disabled={busy} onClick={() => onEdit(link)} aria-label={`Edit ${link.gitlabProject}`}>
                Edit
              </button>
              <button
                type="button"
                disabled={busy}
                onClick={() => onToggle(link)}
                aria-label={`${link.active ? 'Pause' : 'Resume'} ${link.gitlabProject}`}
              >
                {link.active ? 'Pause' : 'Resume'}
              </button>
              <button type="button" disabled={busy} onClick={() => onRemove(link)} aria-label={`Remove ${link.gitlabProject}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <Outcome failure={failure} notice={notice} />
    </section>
  );
}
