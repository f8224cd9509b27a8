import type { AnnotatorReliability } from "../../../../shared/schemas/win-rates";
import { formatPercent } from "../../common/campaign-format";

/** Why an annotator is flagged, in words: their reliability against the threshold, and their left-side share. */
export function flagReason(name: string, a: AnnotatorReliability, threshold: number): string {
  const reliability =
    a.reliability === null
      ? "reliability could not be estimated"
      : `reliability ${formatPercent(a.reliability, 1)}, below the ${formatPercent(threshold, 1)} threshold`;
  const bias =
    a.position_bias === null
      ? "no decided verdict to show a position preference"
      : `gave ${formatPercent(a.position_bias, 1)} of decided verdicts to the left side (about 50% when judging the texts)`;
  return `${name}: ${reliability}; ${bias}.`;
}
