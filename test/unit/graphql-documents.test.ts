import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, extendSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '@/lib/gitlab/graphql-documents';
import { CONTRACTS } from './support/contracts';

// GitLab's 2021 schema predates SentryDetailedError.integrated (added in 14.x); this extension adds that one
// field, as GitLab's reference documents it, and nothing else.
const INTEGRATED_FIELD = 'extend type SentryDetailedError { integrated: Boolean }';

const schema = extendSchema(
  buildSchema(readFileSync(join(CONTRACTS, 'gitlab/graphql/schema.graphql'), 'utf8'), { assumeValidSDL: true }),
  parse(INTEGRATED_FIELD),
);

const queries = (Object.entries(documents) as Array<[string, unknown]>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');

describe('GraphQL documents against GitLab’s schema', () => {
  it('covers every document the extension sends', () => {
    expect(queries.map(([name]) => name).sort()).toEqual(['DETAILS_QUERY', 'ERRORS_QUERY']);
  });

  it.each(queries)('%s is valid', (_, query) => {
    expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
  });

  it('would catch a field GitLab does not have', () => {
    const broken = documents.ERRORS_QUERY.replace('shortId', 'shortIdentifier');
    expect(validate(schema, parse(broken)).map((error) => error.message).join()).toMatch(/shortIdentifier/);
  });
});
