import type { MergeRequestErrorRow } from '@/lib/protocol/replies';

interface Props {
  row: MergeRequestErrorRow;
  /** The project whose page this is, for the commit's link. */
  projectPath: string;
}

/** Where an error hits the merge request: file and line of each frame ("— changed line"), the commit it came with. */
export function MergeRequestHits({ row, projectPath }: Props) {
  const { hits, firstSeenIn } = row;
  return (
    <>
      {hits.length > 0 && (
        <ul class="hits" aria-label="Where it hits">
          {hits.map(({ path, line, changed }) => (
            <li key={`${path}:${line}`}>{`${path}:${line}${changed ? ' — changed line' : ''}`}</li>
          ))}
        </ul>
      )}
      {firstSeenIn && (
        <div class="first-seen">
          First seen in commit <a href={`/${projectPath}/-/commit/${firstSeenIn.sha}`}>{firstSeenIn.shortSha}</a>
        </div>
      )}
    </>
  );
}
