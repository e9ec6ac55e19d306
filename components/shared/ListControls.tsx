import { environmentOf } from '@/lib/domain/environments';
import type { ErrorSort, ErrorStatus } from '@/lib/domain/model';
import { EnvironmentSelect } from './EnvironmentSelect';
import type { ListStore } from './list-store';

const STATUS_LABELS: Record<ErrorStatus, string> = { unresolved: 'Unresolved', ignored: 'Ignored', resolved: 'Resolved' };
const SORT_LABELS: Record<ErrorSort, string> = {
  last_seen: 'Last Seen',
  first_seen: 'First Seen',
  frequency: 'Frequency',
  trending: 'Trending',
};

/** Filter, status, sort and environment of the store's list, as in GitLab's Error Tracking list. Sorting is always descending. */
export function ListControls({ store }: { store: ListStore }) {
  const query = store.query.value;
  const environments = store.environments.value;
  // Why the environments could not be listed: "All environments" still works.
  const environmentsFailure = store.environmentsFailure.value;
  return (
    <search class="controls">
      <input
        type="search"
        aria-label="Filter by title"
        placeholder="Filter by title"
        value={store.searchText.value}
        onInput={(event) => store.setSearch(event.currentTarget.value)}
        maxLength={500}
      />
      <label>
        <span>Status</span>
        <select value={query.status} onChange={(event) => store.setStatus(event.currentTarget.value as ErrorStatus)}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Sort by</span>
        <select value={query.sort} onChange={(event) => store.setSort(event.currentTarget.value as ErrorSort)}>
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
        onChange={store.setEnvironment}
      />
    </search>
  );
}
