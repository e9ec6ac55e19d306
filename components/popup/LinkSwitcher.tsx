import type { LinkOverview } from '@/lib/protocol/replies';
import { countText } from '@/lib/util/format';

interface Props {
  links: LinkOverview[];
  selectedId?: string;
  onSelect(id: string): void;
}

function countLabel(link: LinkOverview): string {
  const status = link.status;
  if (status?.count === undefined) return status?.failure ? 'count unavailable' : 'not counted yet';
  return `${countText(status.count, status.countCapped) || 'no'} unresolved`;
}

/** The unresolved count of each active link; choosing one shows its errors. */
export function LinkSwitcher({ links, selectedId, onSelect }: Props) {
  return (
    <ul class="links" aria-label="Linked projects">
      {links.map((link) => (
        <li key={link.id}>
          <button
            type="button"
            aria-pressed={link.id === selectedId}
            onClick={() => onSelect(link.id)}
            title={link.status?.failure?.message ?? `${link.gitlabProject} → ${link.sourceLabel}`}
          >
            <span class="link-name">{link.gitlabProject}</span>
            <span class="link-count" data-failed={Boolean(link.status?.failure)}>
              {countLabel(link)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
