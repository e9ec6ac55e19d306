interface Props {
  suggestions: Array<{ id: number; path: string; name: string }>;
  onPick(path: string): void;
}

/** The user's GitLab projects matching what they type in "GitLab project". */
export function ProjectSuggestions({ suggestions, onPick }: Props) {
  if (suggestions.length === 0) return null;
  return (
    <ul class="suggestions" aria-label="Matching GitLab projects">
      {suggestions.map((project) => (
        <li key={project.id}>
          <button
            type="button"
            // Keeps focus in the field on mouse down, so its blur does not close the list under the click.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(project.path)}
            title={project.name}
          >
            {project.path}
          </button>
        </li>
      ))}
    </ul>
  );
}
