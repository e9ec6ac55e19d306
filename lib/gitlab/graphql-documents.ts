// Every GraphQL document the extension sends. test/unit/graphql-documents.test.ts validates each against
// GitLab's schema, so a renamed field fails a test instead of a user's popup.

import { checkedErrorId } from '../domain/error-id';

const ERROR_FIELDS = 'id sentryId title culprit status count userCount firstSeen lastSeen externalUrl shortId';

const errorsQuery = (
  nodeFields: string,
) => `query ErrorTrackerErrors($fullPath: ID!, $searchTerm: String, $sort: String, $first: Int, $after: String) {
  project(fullPath: $fullPath) {
    sentryErrors {
      errors(searchTerm: $searchTerm, sort: $sort, first: $first, after: $after) {
        nodes { ${nodeFields} }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
}`;

/** The list with each error's last 24 hours (the rows' sparklines): Sentry's stats, passed on by GitLab. */
export const ERRORS_QUERY = errorsQuery(`${ERROR_FIELDS} frequency { time count }`);

/**
 * The list without them, for a GitLab that fails the query above: GitLab's integrated error tracking kept in
 * its own database gives its errors no frequency, and GitLab's presenter then fails the field.
 */
export const ERRORS_QUERY_WITHOUT_FREQUENCY = errorsQuery(ERROR_FIELDS);

export const DETAILS_QUERY = `query ErrorTrackerDetails($fullPath: ID!, $id: GitlabErrorTrackingDetailedErrorID!) {
  project(fullPath: $fullPath) {
    sentryErrors {
      detailedError(id: $id) {
        ${ERROR_FIELDS}
        externalBaseUrl firstReleaseVersion lastReleaseVersion gitlabCommit gitlabCommitPath gitlabIssuePath integrated
        tags { level logger }
        frequency { time count }
      }
      errorStackTrace(id: $id) {
        dateReceived
        stackTraceEntries { fileName function line col traceContext { line code } }
      }
    }
  }
}`;

export function detailedErrorGid(sentryId: string): string {
  return `gid://gitlab/Gitlab::ErrorTracking::DetailedError/${checkedErrorId(sentryId)}`;
}
