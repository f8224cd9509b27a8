import { t } from "../../common/i18n";
/** An instruction's extra fields as a key/value list; non-text values are shown as JSON. */
export function MetadataList({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <p className="muted">{t("No metadata.")}</p>;
  return (
    <dl className="metadata">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
