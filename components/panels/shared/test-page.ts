/**
 * A GitLab page a feature's detector must find its data on, and every other feature's detector must not
 * (test/unit/panel-features.test.ts). Test data only: no bundle imports a feature's test-pages.ts.
 */
export type TestPage = (
  | {
      /** A saved page: test/fixtures/gitlab-pages/<fixture>.html. */
      fixture: string;
    }
  | {
      /** An address, read as a page GitLab names `pageName` (`<body data-page>`). */
      url: string;
      pageName: string;
      /** Markup inside `<body>`, for detectors that look at the page itself. */
      body?: string;
    }
) & {
  /** What the detector finds there: the page data the panel needs, or true. */
  finds: string | number | true;
};
