import { t } from "../../common/i18n";
import { Link } from "react-router";
import type { Model } from "../../../../shared/schemas/model";
import type { CreatePairRunBody, PairRun } from "../../../../shared/schemas/pairs";
import { countOf, formatDateTime, formatNumber } from "../../common/format";
import { CodeBlock } from "../../common/components/code-block";
import { shortHash } from "../../common/components/judge-score-parts";
import { strategyNotes } from "./pair-run-form";
import { flagNames } from "../../common/components/sample-facts";

const flagList = (flags: string[]) => (flags.length ? flags.map((f) => t(flagNames[f]?.label ?? f)).join(", ") : t("none"));

/** The body that proposes the same pairs again (same samples and judgments given). */
export function reproduceBody(run: PairRun): CreatePairRunBody {
  return {
    set_id: run.set_id,
    judge_model_id: run.judge_model_id,
    template_id: run.template_id,
    ...(run.model_ids ? { model_ids: run.model_ids } : {}),
    strategy: run.strategy,
    seed: run.seed,
    min_margin: run.min_margin,
    length_weight: run.length_weight,
    exclude_flags: run.exclude_flags,
    flag_penalty: run.flag_penalty,
  };
}

/** Everything a run was made with: enough to propose the same pairs again. */
export function PairRunSettings({ run, models }: { run: PairRun; models: Model[] | undefined }) {
  const names = run.model_ids?.map((id) => models?.find((m) => m.id === id)?.name ?? t("model {{id}}", { id }));
  const w = run.length_weight;
  return (
    <>
      <dl className="meta">
        <div>
          <dt>{t("Set")}</dt>
          <dd>
            <Link to={`/sets/${run.set_id}`}>{run.set_name}</Link>
          </dd>
        </div>
        <div>
          <dt>{t("Judge")}</dt>
          <dd>{run.judge_model_name}</dd>
        </div>
        <div>
          <dt>{t("Template")}</dt>
          <dd>
            {run.template_name}{" "}
            <span className="mono muted" title={run.template_hash}>
              {shortHash(run.template_hash)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("Samples of")}</dt>
          <dd>{names ? names.join(", ") : t("every model")}</dd>
        </div>
        <div>
          <dt>{t("Strategy")}</dt>
          <dd>
            <span className="mono" title={strategyNotes()[run.strategy]}>
              {run.strategy}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("Seed")}</dt>
          <dd className="mono">{run.seed}</dd>
        </div>
        <div>
          <dt>{t("Score")}</dt>
          <dd>
            S = {w}·S<sub>l</sub> + {Math.round((1 - w) * 1000) / 1000}·S<sub>q</sub>
          </dd>
        </div>
        <div>
          <dt>{t("Min margin")}</dt>
          <dd>{run.min_margin}</dd>
        </div>
        <div>
          <dt>{t("Left out")}</dt>
          <dd>{flagList(run.exclude_flags)}</dd>
        </div>
        <div>
          <dt>{t("Flag penalty")}</dt>
          <dd>{run.flag_penalty === 0 ? t("none") : t("{{points}} per flag", { points: run.flag_penalty })}</dd>
        </div>
        <div>
          <dt>{t("Groups")}</dt>
          <dd title={t("(instruction, model) groups with at least two usable samples")}>{formatNumber(run.groups)}</dd>
        </div>
        <div>
          <dt>{t("Unscored samples")}</dt>
          <dd title={t("Finished samples left without S: not judged, judge failed, or excluded by a flag")}>
            {formatNumber(run.unscored)}
          </dd>
        </div>
        <div>
          <dt>{t("Created")}</dt>
          <dd>{formatDateTime(run.created_at)}</dd>
        </div>
      </dl>
      <details className="fold reproduce-fold">
        <summary>
          {t("Reproduce:")}{" "}
          <span className="muted">
            {t("POST /api/pair-runs with this body ({{proposals}} then)", {
              proposals: countOf(run.proposals, "proposal"),
            })}
          </span>
        </summary>
        <CodeBlock code={JSON.stringify(reproduceBody(run), null, 2)} label={t("request body")} />
      </details>
    </>
  );
}
