interface Props {
  id: string;
  label: string;
  /** "new-password" or "current-password": what a password manager offers. */
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
}

/** A required password input with its label. */
export function PasswordField({ id, label, autoComplete, value, onChange }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="password" autoComplete={autoComplete} required value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
