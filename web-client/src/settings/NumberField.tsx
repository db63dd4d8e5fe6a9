import type { JSX } from 'preact';

/** A labelled number input: the label wraps it, so the label's text is the input's name. */
export function NumberField({
  label,
  value,
  onValue,
  min,
  max,
  step,
  required = true,
  placeholder,
  invalid = false,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  min: number;
  max: number;
  step: number | 'any';
  required?: boolean;
  placeholder?: string;
  invalid?: boolean;
}): JSX.Element {
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        required={required}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}
