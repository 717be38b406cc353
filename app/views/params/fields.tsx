/**
 * Form fields of the scenario bar: commit on Enter or leaving the field, errors under the field.
 * Each field names the scenario path its value lives at; the problem validation reported for that
 * path (the store's `fieldProblems`) is read here, not passed by every caller.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useApp } from '../../store/context';

/** The problem the store reported for a scenario path, or null. */
export function useFieldProblem(path: string): string | null {
  return useApp((s) => s.fieldProblems[path] ?? null);
}

/** The DOM id of the field at a scenario path (`server.idleTimeoutMs` → `f-server-idleTimeoutMs`). */
const fieldId = (path: string) => `f-${path.replace(/[^\w]+/g, '-')}`;

interface FieldShellProps {
  id: string;
  label: string;
  error: string | null;
  hint?: string;
  className?: string;
  children: ReactNode;
}

export function FieldShell({ id, label, error, hint, className, children }: FieldShellProps) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`${id}-error`} role="alert" data-testid={`field-error-${id}`}>
          {error}
        </span>
      ) : hint ? (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export interface NumberFieldProps {
  /** The scenario path the value lives at (names validation errors and the test id). */
  path: string;
  label: string;
  value: number | null | undefined;
  /** Shown when empty (e.g. the profile's default). */
  placeholder?: string;
  /** Empty input allowed: commits `undefined` (back to the default). */
  optional?: boolean;
  integer?: boolean;
  hint?: string;
  onCommit: (value: number | undefined) => void;
  width?: 'narrow' | 'medium';
}

/** A number input that commits on Enter/blur; text that is not a number gets a message, not a run. */
export function NumberField(props: NumberFieldProps) {
  const { path, label, value, placeholder, optional, integer, hint, onCommit, width } = props;
  const id = fieldId(path);
  const problem = useFieldProblem(path);
  const shown = value === null || value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    setDraft(shown);
    setLocal(null);
  }, [shown]);

  const commit = () => {
    const text = draft.trim();
    if (text === shown) return;
    if (text === '') {
      if (optional) {
        setLocal(null);
        onCommit(undefined);
      } else setLocal(`Enter a ${integer ? 'whole ' : ''}number.`);
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      setLocal(`“${text}” is not a ${integer ? 'whole ' : ''}number.`);
      return;
    }
    setLocal(null);
    onCommit(n);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      setDraft(shown);
      setLocal(null);
    }
  };
  const error = local ?? problem;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        className={`num-input ${width ?? 'narrow'}`}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        data-testid={`field-${path}`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
    </FieldShell>
  );
}

export interface SelectFieldProps {
  path: string;
  label: string;
  value: string;
  options: { value: string; label: string; disabled?: boolean }[];
  onChange: (value: string) => void;
  testId?: string;
  hint?: string;
  className?: string;
}

export function SelectField({
  path,
  label,
  value,
  options,
  onChange,
  testId,
  hint,
  className,
}: SelectFieldProps) {
  const id = `f-${useId().replace(/[^\w]/g, '')}-${path.replace(/[^\w]+/g, '-')}`;
  const problem = useFieldProblem(path);
  const opts = options.some((o) => o.value === value) ? options : [{ value, label: value }, ...options];
  return (
    <FieldShell id={id} label={label} error={problem} hint={hint} {...(className ? { className } : {})}>
      <select
        id={id}
        value={value}
        data-testid={testId ?? `field-${path}`}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {opts.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export interface CheckFieldProps {
  path: string;
  label: string;
  checked: boolean;
  /** Shown after the label: whether this is the default. */
  note?: string;
  onChange: (checked: boolean) => void;
}

/** A checkbox that commits at once. */
export function CheckField({ path, label, checked, note, onChange }: CheckFieldProps) {
  const id = fieldId(path);
  const problem = useFieldProblem(path);
  return (
    <div className="field check-field">
      <span className="label-spacer" aria-hidden="true">
        &nbsp;
      </span>
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          data-testid={`field-${path}`}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
        {note ? <span className="muted small"> {note}</span> : null}
      </label>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}
