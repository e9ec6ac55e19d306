/**
 * A commit SHA named by a release version: the whole version (`3f2a9c1`), or its last part after `@`, `-`,
 * `+` or `/` (`web@3f2a9c1d…`, `1.4.0-3f2a9c1`). It needs 7–40 hex digits with at least one digit, so
 * hex-looking words ("deadbeef", "facade") and names ("release") do not match.
 */
export function shaFromRelease(version: string): string | undefined {
  const candidate =
    version
      .trim()
      .split(/[@+/-]/)
      .at(-1) ?? '';
  if (!/^[0-9a-f]{7,40}$/i.test(candidate) || !/\d/.test(candidate)) return undefined;
  return candidate.toLowerCase();
}
