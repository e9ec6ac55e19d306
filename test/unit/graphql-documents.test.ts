import { buildSchema, extendSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '@/lib/gitlab/graphql-documents';
import { readFixture } from '../support/fixtures';

// GitLab's 2021 schema predates SentryDetailedError.integrated (added in 14.x); this extension adds that one
// field, as GitLab's reference documents it, and nothing else. 18.8 has it, so it is validated unextended.
const INTEGRATED_FIELD = 'extend type SentryDetailedError { integrated: Boolean }';

const schemas: Array<[string, GraphQLSchema]> = [
  ['GitLab 14.0 (2021)', extendSchema(buildSchema(readFixture('gitlab-graphql/schema-2021-05.graphql')), parse(INTEGRATED_FIELD))],
  ['GitLab 18.8', buildSchema(readFixture('gitlab-graphql/schema-18.8.graphql'))],
];

const queries = (Object.entries(documents) as Array<[string, unknown]>).filter(
  (entry): entry is [string, string] => typeof entry[1] === 'string',
);

describe('GraphQL documents against GitLab’s schema', () => {
  it('covers every document the extension sends', () => {
    expect(queries.map(([name]) => name).sort()).toEqual(['DETAILS_QUERY', 'ERRORS_QUERY', 'ERRORS_QUERY_WITHOUT_FREQUENCY']);
  });

  describe.each(schemas)('%s', (_, schema) => {
    it.each(queries)('%s is valid', (_, query) => {
      expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
    });

    it('would catch a field GitLab does not have', () => {
      const broken = documents.ERRORS_QUERY.replace('shortId', 'shortIdentifier');
      expect(
        validate(schema, parse(broken))
          .map((error) => error.message)
          .join(),
      ).toMatch(/shortIdentifier/);
    });
  });
});
