import { t } from "../../common/i18n";
import { useState, type FormEvent } from "react";

export interface Options {
  rounds: string;
  seed: string;
}

export const defaultOptions: Options = { rounds: "1000", seed: "7" };

/** Bootstrap rounds and seed, folded away: most people keep the defaults; Apply puts them in the URL. */
export function AnalyticsOptions({ options, onApply }: { options: Options; onApply: (options: Options) => void }) {
  const [draft, setDraft] = useState(options);
  const changed = draft.rounds !== options.rounds || draft.seed !== options.seed;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <details className="fold analytics-options" open={options.rounds !== defaultOptions.rounds || options.seed !== defaultOptions.seed}>
      <summary>{t("Options")}</summary>
      <form className="inline-form analytics-options-form" onSubmit={submit} aria-label={t("Bootstrap options")}>
        <div className="field">
          <label htmlFor="analytics-rounds">{t("Bootstrap rounds")}</label>
          <input
            id="analytics-rounds"
            type="number"
            min={0}
            max={10000}
            step={1}
            required
            value={draft.rounds}
            onChange={(e) => setDraft({ ...draft, rounds: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="analytics-seed">{t("Seed")}</label>
          <input
            id="analytics-seed"
            type="number"
            min={0}
            max={4294967295}
            step={1}
            required
            value={draft.seed}
            onChange={(e) => setDraft({ ...draft, seed: e.target.value })}
          />
        </div>
        <button type="submit" disabled={!changed}>
          {t("Apply")}
        </button>
      </form>
      <p className="hint">
        {t(
          "Resamples of comparisons behind every interval (0 for none; more is steadier and slower), and the seed that makes them repeatable: the same campaigns, rounds and seed give the same intervals.",
        )}
      </p>
    </details>
  );
}
