import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  blobPathOf,
  commitShaOf,
  issueIidOf,
  isProjectOverview,
  isUnusedErrorTrackingPage,
  readGitlabPage,
  type GitlabPage,
} from '@/lib/content/gitlab-page';
import { fixturePath } from '../support/fixtures';

const dir = fixturePath('gitlab-pages');
const pages = readdirSync(dir).filter((name) => name.endsWith('.html')).map((name) => name.replace('.html', ''));

function load(name: string): { page: GitlabPage | undefined; doc: Document } {
  const html = readFileSync(join(dir, `${name}.html`), 'utf8');
  const url = /<!-- url: (\S+) -->/.exec(html)![1]!;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return { page: readGitlabPage(doc, url), doc };
}

/** Each detector with the saved pages it must match; every other page must not match it. */
const detectors: Record<string, { matches: string[]; detect: (page: GitlabPage, doc: Document) => unknown }> = {
  projectOverview: { matches: ['project-overview'], detect: (page) => isProjectOverview(page) || undefined },
  issue: { matches: ['issue', 'work-item'], detect: (page) => issueIidOf(page) },
  blob: { matches: ['blob'], detect: (page) => blobPathOf(page) },
  commit: { matches: ['commit'], detect: (page) => commitShaOf(page) },
  unusedErrorTracking: { matches: ['error-tracking-empty'], detect: (page, doc) => isUnusedErrorTrackingPage(page, doc) || undefined },
};

describe('page detection', () => {
  it('recognises GitLab by its own markers, and nothing else', () => {
    expect(load('not-gitlab').page).toBeUndefined();
    const { page } = load('issue');
    expect(page).toMatchObject({ projectPath: 'group/app', projectId: 101, pageName: 'projects:issues:show', theme: 'light' });
  });

  for (const [name, detector] of Object.entries(detectors)) {
    it.each(pages)(`${name} on %s`, (fixture) => {
      const { page, doc } = load(fixture);
      const found = page ? detector.detect(page, doc) : undefined;
      if (detector.matches.includes(fixture)) expect(found).toBeTruthy();
      else expect(found).toBeFalsy();
    });
  }

  it('reads what each page is about', () => {
    expect(issueIidOf(load('issue').page!)).toBe(12);
    expect(issueIidOf(load('work-item').page!)).toBe(12);
    expect(blobPathOf(load('blob').page!)).toBe('app/models/user.rb');
    expect(commitShaOf(load('commit').page!)).toBe('cba78319f0cbb929de782eb3d50dd44ec40253c1');
  });

  it('follows GitLab’s dark theme', () => {
    const doc = new DOMParser().parseFromString(
      '<html class="gl-dark"><head><meta property="og:site_name" content="GitLab"></head><body data-page="projects:show" data-project-full-path="g/a"></body></html>',
      'text/html',
    );
    expect(readGitlabPage(doc, 'https://gitlab.example.com/g/a')?.theme).toBe('dark');
  });

  it('takes the project path from the URL when the body does not say', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><meta property="og:site_name" content="GitLab"></head><body data-page="projects:issues:show"></body></html>',
      'text/html',
    );
    expect(readGitlabPage(doc, 'https://gitlab.example.com/a/b/c/-/issues/4')?.projectPath).toBe('a/b/c');
  });
});

describe('project home without data-project-full-path', () => {
  it('takes the project from the URL', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><meta property="og:site_name" content="GitLab"></head><body data-page="projects:show" data-project-id="7"></body></html>',
      'text/html',
    );
    expect(readGitlabPage(doc, 'https://gitlab.example.com/group/sub/app')).toMatchObject({ projectPath: 'group/sub/app', projectId: 7 });
    expect(readGitlabPage(doc, 'https://gitlab.example.com/group')?.projectPath).toBeUndefined();
  });
});
