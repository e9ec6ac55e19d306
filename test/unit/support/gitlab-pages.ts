import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPage } from '@/components/panels/shared/test-page';
import { readGitlabPage, type GitlabPage } from '@/lib/content/gitlab-page';
import { fixturePath } from '../../support/fixtures';

const dir = fixturePath('gitlab-pages');

/** The saved GitLab pages (test/fixtures/gitlab-pages), by name without `.html`. */
export const SAVED_PAGES = readdirSync(dir)
  .filter((name) => name.endsWith('.html'))
  .map((name) => name.replace('.html', ''));

export interface OpenedPage {
  /** What the loader reads of it; undefined for a page that is not GitLab's. */
  page: GitlabPage | undefined;
  doc: Document;
}

/** A saved page as the loader reads it, at the address it was saved from (its `<!-- url: … -->`). */
export function openSavedPage(name: string): OpenedPage {
  const html = readFileSync(join(dir, `${name}.html`), 'utf8');
  const url = /<!-- url: (\S+) -->/.exec(html)![1]!;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return { page: readGitlabPage(doc, url), doc };
}

/** A feature's test page as the loader reads it: saved, or a GitLab page of that name at that address. */
export function openTestPage(testPage: TestPage): OpenedPage {
  if ('fixture' in testPage) return openSavedPage(testPage.fixture);
  const doc = new DOMParser().parseFromString(
    `<html><head><meta property="og:site_name" content="GitLab"></head><body data-page="${testPage.pageName}">${testPage.body ?? ''}</body></html>`,
    'text/html',
  );
  return { page: readGitlabPage(doc, testPage.url), doc };
}

/** How a test names a test page: its fixture or its address. */
export const testPageName = (testPage: TestPage): string => ('fixture' in testPage ? `${testPage.fixture}.html` : testPage.url);
