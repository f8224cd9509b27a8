import type { Verdict } from "../../../../shared/schemas/campaigns";
import { t } from "../../common/i18n";

/** A verdict in the annotator's own terms: the side as it was on their screen. */
export function verdictLabel(verdict: Verdict): string {
  switch (verdict) {
    case "left":
      return t("Left better");
    case "right":
      return t("Right better");
    case "tie":
      return t("Tie");
    case "both-bad":
      return t("Both bad");
  }
}

export function marginLabel(margin: "slightly" | "much"): string {
  return margin === "slightly" ? t("slightly") : t("much");
}
