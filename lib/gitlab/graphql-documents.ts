// Every GraphQL document the extension sends. test/unit/graphql-documents.test.ts validates each against
// GitLab's schema, so a renamed field fails a test instead of a user's popup.

import { checkedErrorId } from '../domain/error-id';

const ERROR_FIELDS = 'id sentryId title culprit status count userCount firstSeen lastSeen externalUrl shortId';

export const ERRORS_QUERY = `query ErrorTrackerErrors($fullPath: ID!, $searchTerm: String, $sort: String, $first: Int, $after: String, $last: Int, $before: String) {
  project(fullPath: $fullPath) {
    sentryErrors {
      errors(searchTerm: $searchTerm, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
        nodes { ${ERROR_FIELDS} }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }
}`;

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
