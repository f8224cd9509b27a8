import { t } from "../../common/i18n";
import type { AnnotatorReliability } from "../../../../shared/schemas/win-rates";
import { formatPercent } from "../../common/campaign-format";

/** Why an annotator is flagged, in words: their reliability against the threshold, and their left-side share. */
export function flagReason(name: string, a: AnnotatorReliability, threshold: number): string {
  const reliability =
    a.reliability === null
      ? t("reliability could not be estimated")
      : t("reliability {{reliability}}, below the {{threshold}} threshold", {
          reliability: formatPercent(a.reliability, 1),
          threshold: formatPercent(threshold, 1),
        });
  const bias =
    a.position_bias === null
      ? t("no decided verdict to show a position preference")
      : t("gave {{share}} of decided verdicts to the left side (about 50% when judging the texts)", {
          share: formatPercent(a.position_bias, 1),
        });
  return t("{{name}}: {{reliability}}; {{bias}}.", { name, reliability, bias });
}
