import { t } from "../../common/i18n";
import type { WinRates } from "../../../../shared/schemas/win-rates";
import { AnalyticsDefinitions } from "./analytics-definitions";
import { bootstrapLine, rankFlipSentence, robustNotes, robustRows } from "./analytics-robust-rows";
import { AnalyticsRobustTable } from "./analytics-robust-table";

/** The figures a paper reports: raw, length-controlled and reliability-weighted win rates, ranks, how sure each is. */
export function AnalyticsRobust({ stats }: { stats: WinRates }) {
  const reference = stats.reference_model;
  const rows = robustRows(stats);
  const notes = robustNotes(rows);
  const flip = rankFlipSentence(stats);
  return (
    <section aria-labelledby="analytics-robust-heading">
      <h2 id="analytics-robust-heading">{t("Win rates against {{reference}}: raw, length-controlled, weighted", { reference })}</h2>
      {rows.length === 0 ? (
        <p className="empty-state">{t("No model has met {{reference}} in these judgments.", { reference })}</p>
      ) : (
        <AnalyticsRobustTable rows={rows} reference={reference} referenceRank={stats.ranks[reference] ?? null} />
      )}
      <p className="analytics-interval-line" data-testid="robust-bootstrap">
        {bootstrapLine(stats)}
      </p>
      {flip && (
        <p className="analytics-reading" data-testid="rank-flip">
          {flip}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="analytics-notes" aria-label={t("Warnings and missing figures")}>
          {notes.map((n) => (
            <li key={n.text} className={n.kind === "warning" ? "warning" : "muted"}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <dl className="analytics-glossary">
        <div>
          <dt>{t("Raw win rate")}</dt>
          <dd>
            {t(
              "The share of judgments the model won against {{reference}}, a tie or a “both bad” counting as half a win. Its interval resamples whole instructions, because two answers to the same instruction are judged alike more often than two answers to different ones.",
              { reference },
            )}
          </dd>
        </div>
        <div>
          <dt>{t("Length-controlled win rate")}</dt>
          <dd>
            {t(
              "Human readers often prefer the longer answer. The length-controlled win rate estimates how often the model would win if it wrote as many words as {{reference}}: a logistic regression of each verdict on the word-count difference, read off at no difference (as AlpacaEval does).",
              { reference },
            )}{" "}
            <strong>φ</strong>{" "}
            {t(
              "is how strongly length sways the verdicts: above 0, the model wins more often where it wrote more; near 0, length hardly matters. A",
            )}{" "}
            <strong>{t("warning")}</strong>{" "}
            {t(
              "shows when the controlled and raw rates differ by more than 10 points, or by more than a quarter of the way to 0% or 100%: much of the raw rate is then about length. There is no answer with fewer than 10 judgments carrying word counts, when every answer has the same length difference, or when the verdicts split perfectly by length (no finite fit).",
            )}
          </dd>
        </div>
        <div>
          <dt>{t("Weighted by reliability")}</dt>
          <dd>
            {t(
              "Not every annotator is equally careful. A Dawid–Skene model learns from the judgments themselves how often each annotator's verdict is the true one (see the annotator table below), and gives each comparison a probability of each true verdict; the weighted win rate averages P(win) + ½ P(tie) over the comparisons, so a careless annotator's verdicts count for less.",
            )}
          </dd>
        </div>
        <div>
          <dt>{t("Rank and band")}</dt>
          <dd>
            {t(
              "The rank comes from the Bradley–Terry ratings below: 1 plus the number of models whose whole interval lies above this model's. The band is the best to worst rank the intervals allow; two models whose bands overlap cannot be told apart by these judgments.",
            )}
          </dd>
        </div>
      </dl>
      <AnalyticsDefinitions
        stats={stats}
        keys={[
          "win_rate",
          "bootstrap_ci95_over_instructions",
          "bootstrap",
          "length_controlled",
          "dawid_skene",
          "weighted_vs_reference",
          "ranks",
          "rank_flip",
        ]}
      />
    </section>
  );
}
