import { describe, expect, it } from 'vitest';
import { gitlabTheme } from '@/components/panels/shared/theme';
import { readGitlabPage } from '@/lib/content/gitlab-page';
import { openSavedPage } from '../support/gitlab-pages';

// What each kind of page is, for each panel, is tested with that panel's test pages: test/unit/panel-features.test.ts.

describe('reading a GitLab page', () => {
  it('recognises GitLab by its own markers, and nothing else', () => {
    expect(openSavedPage('not-gitlab').page).toBeUndefined();
    const unnamed = new DOMParser().parseFromString(
      '<html><head><meta property="og:site_name" content="GitLab"></head><body data-project-full-path="g/a"></body></html>',
      'text/html',
    );
    expect(readGitlabPage(unnamed, 'https://gitlab.example.com/g/a/-/issues/1'), 'a page without data-page').toBeUndefined();
    const { page, doc } = openSavedPage('issue');
    expect(page).toMatchObject({ projectPath: 'group/app', projectId: 101, pageName: 'projects:issues:show' });
    expect(gitlabTheme(doc)).toBe('light');
  });

  it('follows GitLab’s dark theme', () => {
    const doc = new DOMParser().parseFromString(
      '<html class="gl-dark"><head><meta property="og:site_name" content="GitLab"></head><body data-page="projects:show" data-project-full-path="g/a"></body></html>',
      'text/html',
    );
    expect(gitlabTheme(doc)).toBe('dark');
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
