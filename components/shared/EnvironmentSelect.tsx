import type { EnvironmentChoices } from '@/lib/domain/environments';

interface Props {
  /** The environment chosen, '' for all. */
  value: string;
  /** null: not known yet; "All environments" and the value chosen are offered meanwhile. */
  choices: EnvironmentChoices | null;
  /** What to say under the control when its choices do not say it themselves (a failure, a step to take first). */
  note?: string;
  /** Disabled for a reason of the caller's own, given in `note`. */
  disabled?: boolean;
  onChange(environment: string): void;
}

// One Environment control per document or shadow root (the popup, the options, each panel): a fixed id is unique.
const NOTE_ID = 'environment-note';

/**
 * Combobox "Environment": "All environments" and the link's environments. Where the backend has none it is
 * disabled, and its reason is read out with it (aria-describedby). The value chosen is always offered, even
 * before the list arrives or after it left the list; while the list is on its way the control stays usable (and
 * in the Tab order).
 */
export function EnvironmentSelect({ value, choices, note, disabled, onChange }: Props) {
  const unsupported = choices && 'unsupported' in choices ? choices.unsupported : undefined;
  const names = choices && 'names' in choices ? choices.names : [];
  const offered = value && !unsupported && !names.includes(value) ? [value, ...names] : names;
  const description = unsupported ?? note;
  return (
    <>
      <label class="environment">
        <span>Environment</span>
        <select
          value={unsupported ? '' : value}
          disabled={disabled || Boolean(unsupported)}
          aria-describedby={description ? NOTE_ID : undefined}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
          <option value="">All environments</option>
          {offered.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {description && (
        <p id={NOTE_ID} class="hint environment-note">
          {description}
        </p>
      )}
    </>
  );
}
