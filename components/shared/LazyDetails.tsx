import { useEffect, useState } from 'preact/hooks';
import type { ComponentProps } from 'preact';

type DetailsModule = typeof import('./ErrorDetailsView');
type Props = ComponentProps<DetailsModule['ErrorDetailsView']>;

let loaded: DetailsModule | undefined;
let loading: Promise<DetailsModule> | undefined;

/**
 * The details view (stack traces, charts, GitLab actions) is most of the UI code but is not needed to show
 * the list: it loads after the list has drawn, so opening the popup parses less.
 */
export function preloadDetails(): Promise<DetailsModule> {
  loading ??= import('./ErrorDetailsView').then((module) => (loaded = module));
  return loading;
}

export function LazyDetails(props: Props) {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (!module) void preloadDetails().then(setModule);
  }, [module]);
  if (!module) return <p role="status">Loading details…</p>;
  return <module.ErrorDetailsView {...props} />;
}
