import { t } from "../../common/i18n";
import type { Sample } from "../../../../shared/schemas/sample";
import { countOf } from "../../common/format";

/** AgentWrite's plan and the text of each step, folded away below the finished text. */
export function AgentWriteSteps({ plan, steps }: { plan: string | null; steps: Sample["steps"] }) {
  if (plan === null && !steps?.length) return null;
  return (
    <section aria-labelledby="agentwrite-heading" className="agentwrite">
      <h2 id="agentwrite-heading">AgentWrite</h2>
      {plan !== null && (
        <details className="fold">
          <summary>{t("Plan")}</summary>
          <div className="fold-text">{plan}</div>
        </details>
      )}
      {steps && steps.length > 0 && <p className="hint">{t("{{steps}} written.", { steps: countOf(steps.length, "step") })}</p>}
      {steps?.map((step, i) => (
        <details className="fold" key={i}>
          <summary>{t("Step {{n}}", { n: i + 1 })}</summary>
          <div className="fold-text">{step}</div>
        </details>
      ))}
    </section>
  );
}
