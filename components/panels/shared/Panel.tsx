import type { ComponentChildren } from 'preact';

interface Props {
  /** Also the region's accessible name. */
  title: string;
  id: string;
  /** Next to the title: the count. */
  summary?: string;
  /** Where the errors come from, naming the service itself (`sourceLabel` of the link). */
  source: string;
  children: ComponentChildren;
}

export function Panel({ title, id, summary, source, children }: Props) {
  const headingId = `${id}-heading`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{title}</h2>
        {summary && <span class="panel-count">{summary}</span>}
        <span class="panel-source">{source}</span>
      </div>
      {children}
    </section>
  );
}
