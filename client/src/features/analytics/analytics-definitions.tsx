import { t } from "../../common/i18n";
import type { WinRates } from "../../../../shared/schemas/win-rates";

/**
 * The server's exact definition of each figure, folded under the plain-words explanation: the text a
 * methods section can quote, written by the code that computes the numbers.
 */
export function AnalyticsDefinitions({ stats, keys }: { stats: WinRates; keys: string[] }) {
  const found = keys.flatMap((key) => (stats.definitions[key] === undefined ? [] : [[key, stats.definitions[key]!] as const]));
  if (found.length === 0) return null;
  return (
    <details className="fold analytics-definitions">
      <summary>{t("Exact definitions, as the server computes them")}</summary>
      <dl className="details">
        {found.map(([key, text]) => (
          <div key={key} data-definition={key}>
            <dt className="mono">{key}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
