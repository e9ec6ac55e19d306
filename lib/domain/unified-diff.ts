/**
 * The new-side lines a unified diff adds or changes: the `+` lines of its hunks, numbered from each hunk's
 * `@@ -a,b +c,d @@` header. A changed line shows as `-old` then `+new`, so it counts on the new side too.
 * Lines before the first hunk (GitLab's `diff` starts at one; `git diff` output has `---`/`+++` headers) and
 * text that is not a diff give none.
 */
export function changedNewLines(diff: string): Set<number> {
  const changed = new Set<number>();
  let next: number | undefined;
  for (const line of diff.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (next === undefined) continue;
    const mark = line[0];
    if (mark === '+') changed.add(next++);
    else if (mark === ' ' || line === '' || line === '\r') next++;
    // '-' lines are the old side's; '\ No newline at end of file' belongs to neither.
  }
  return changed;
}
