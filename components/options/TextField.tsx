import type { ComponentChildren } from 'preact';

interface Props {
  id: string;
  label: string;
  type?: 'text' | 'url' | 'password';
  value: string;
  onInput(value: string): void;
  onBlur?(event: FocusEvent & { currentTarget: HTMLInputElement }): void;
  hint?: ComponentChildren;
  placeholder?: string;
  autocomplete?: string;
  /** Below the hint, e.g. suggestions. */
  children?: ComponentChildren;
}

/** A labelled input with its hint tied to it (aria-describedby). Secrets are never spell-checked. */
export function TextField({ id, label, type = 'text', value, onInput, onBlur, hint, placeholder, autocomplete, children }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types each input type separately; all three take the same attributes here.
        type={type as 'text'}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
        placeholder={placeholder}
        autocomplete={autocomplete ?? (type === 'password' ? 'off' : undefined)}
        spellcheck={false}
        aria-describedby={hintId}
      />
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      {children}
    </div>
  );
}
