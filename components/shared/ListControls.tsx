import { environmentOf, type EnvironmentChoices } from '@/lib/domain/environments';
import type { Failure } from '@/lib/domain/errors';
import type { ErrorSort, ErrorStatus, ListQuery } from '@/lib/domain/model';
import { EnvironmentSelect } from './EnvironmentSelect';

const STATUS_LABELS: Record<ErrorStatus, string> = { unresolved: 'Unresolved', ignored: 'Ignored', resolved: 'Resolved' };
const SORT_LABELS: Record<ErrorSort, string> = {
  last_seen: 'Last Seen',
  first_seen: 'First Seen',
  frequency: 'Frequency',
  trending: 'Trending',
};

interface Props {
  query: ListQuery;
  searchText: string;
  onSearch(text: string): void;
  onStatus(status: ErrorStatus): void;
  onSort(sort: ErrorSort): void;
  environments: EnvironmentChoices | null;
  /** Why the environments could not be listed: "All environments" still works. */
  environmentsFailure?: Failure | null;
  onEnvironment(environment: string): void;
}

/** Filter, status, sort and environment, as in GitLab's Error Tracking list. Sorting is always descending. */
export function ListControls({ query, searchText, onSearch, onStatus, onSort, environments, environmentsFailure, onEnvironment }: Props) {
  return (
    <search class="controls">
      <input
        type="search"
        aria-label="Filter by title"
        placeholder="Filter by title"
        value={searchText}
        onInput={(event) => onSearch(event.currentTarget.value)}
        maxLength={500}
      />
      <label>
        <span>Status</span>
        <select value={query.status} onChange={(event) => onStatus(event.currentTarget.value as ErrorStatus)}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Sort by</span>
        <select value={query.sort} onChange={(event) => onSort(event.currentTarget.value as ErrorSort)}>
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <EnvironmentSelect
        value={environmentOf(query)}
        choices={environments}
        note={environmentsFailure && !environments ? `Could not list the environments: ${environmentsFailure.message}` : undefined}
        onChange={onEnvironment}
      />
    </search>
  );
}
