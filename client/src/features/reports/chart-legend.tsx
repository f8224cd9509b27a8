import { t } from "../../common/i18n";
import type { ModelLengthReport } from "../../../../shared/schemas/report";
import { seriesClass } from "./chart-scale";

/** Which colour is which model, in the order of the table. */
export function ChartLegend({ models }: { models: ModelLengthReport[] }) {
  return (
    <ul className="chart-legend" aria-label={t("Models")}>
      {models.map((model, i) => (
        <li key={model.model_id}>
          <span className={`legend-swatch ${seriesClass(i)}`} aria-hidden="true" />
          {model.model_name}
        </li>
      ))}
    </ul>
  );
}
