import { t } from "../../common/i18n";
import { useId, useState } from "react";
import { CampaignsResponseSchema } from "../../../../shared/schemas/campaigns";
import { InstructionSetsResponseSchema } from "../../../../shared/schemas/instruction";
import { PairRunsResponseSchema } from "../../../../shared/schemas/pairs";
import { ErrorAlert } from "../../common/components/error-alert";
import { ExportDownload } from "./export-download";
import { ExportFilterFields } from "./export-filter-fields";
import { ExportFormatField } from "./export-format-field";
import { ExportOutputFields } from "./export-output-fields";
import { exportQuery, formatsOf, initialExportDraft, type ExportDraft, type ExportSource } from "./export-query";
import { ExportSourceFields, scopeGroups } from "./export-source-fields";
import { PageTitle } from "../../common/components/page-title";
import { FirstItemsNote } from "../../common/components/first-items-note";
import { useChoices } from "../../common/hooks/use-paged-list";

export function ExportsPage() {
  const id = useId();
  const runs = useChoices("/api/pair-runs", PairRunsResponseSchema);
  const campaigns = useChoices("/api/campaigns", CampaignsResponseSchema);
  const sets = useChoices("/api/instruction-sets", InstructionSetsResponseSchema);
  const [draft, setDraft] = useState<ExportDraft>(initialExportDraft);

  const ready =
    runs.data && campaigns.data && sets.data
      ? { runs: runs.data.items, campaigns: campaigns.data.items, sets: sets.data.items }
      : undefined;
  const groups = ready ? scopeGroups(draft.from, ready.runs, ready.campaigns, ready.sets) : [];
  const options = groups.flatMap((g) => g.options);
  // The draft keeps its choices across sources; what is in effect is the choice if it fits, else the first.
  const scope = options.find((o) => o.value === draft.scope) ?? options[0];
  const formats = formatsOf[draft.from];
  const effective: ExportDraft = {
    ...draft,
    scope: scope?.value ?? "",
    format: formats.includes(draft.format) ? draft.format : formats[0]!,
  };
  const set = ready?.sets.find((s) => s.id === scope?.setId);
  const campaign = ready?.campaigns.find((c) => `campaign:${c.id}` === effective.scope);
  const lengthRanges = set?.length_ranges ?? [];
  // A range of another set would match nothing.
  if (effective.lengthRange !== "none" && !lengthRanges.some((r) => r.label === effective.lengthRange)) effective.lengthRange = "";
  const defaultVotes = effective.from === "confirmed" && campaign ? campaign.settings.judgments_per_comparison : undefined;

  // Switching sources and back keeps the run or campaign and the format picked before.
  const onFromChange = (from: ExportSource) => setDraft({ ...effective, from, scope: draft.scope, format: draft.format });

  return (
    <section>
      <PageTitle title={t("Exports")} />
      <div className="page-header">
        <h1>{t("Exports")}</h1>
      </div>
      <p className="lead">
        {t(
          "Training data in your trainer's own format, no conversion script: DPO pairs, KTO and SFT examples from pair runs and campaigns, and human judgments as battle records. The file streams straight from the database.",
        )}
      </p>
      <ErrorAlert error={runs.error ?? campaigns.error ?? sets.error} />
      <FirstItemsNote list={sets.data} what={t("instruction sets")} />
      <FirstItemsNote list={campaigns.data} what={t("campaigns")} />
      <FirstItemsNote list={runs.data} what={t("pair runs")} />
      {!ready && !(runs.error ?? campaigns.error ?? sets.error) && <p className="muted">{t("Loading…")}</p>}
      {ready && (
        <form className="panel export-form" aria-labelledby={`${id}-heading`} onSubmit={(e) => e.preventDefault()}>
          <h2 id={`${id}-heading`}>{t("New export")}</h2>
          <ExportSourceFields
            id={id}
            from={effective.from}
            onFromChange={onFromChange}
            groups={groups}
            scope={effective.scope}
            onScopeChange={(value) => setDraft({ ...effective, scope: value })}
          />
          <ExportFormatField id={id} formats={formats} value={effective.format} onChange={(format) => setDraft({ ...effective, format })} />
          <ExportFilterFields id={id} value={effective} onChange={setDraft} lengthRanges={lengthRanges} defaultVotes={defaultVotes} />
          <ExportOutputFields id={id} value={effective} onChange={setDraft} />
          <fieldset className="form-fieldset">
            <legend>{t("Download")}</legend>
            <ExportDownload query={exportQuery(effective)} format={effective.format} setName={set?.name} />
          </fieldset>
        </form>
      )}
    </section>
  );
}
