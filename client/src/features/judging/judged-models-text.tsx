import { t } from "../../common/i18n";
import { ModelsResponseSchema } from "../../../../shared/schemas/model";
import { useChoices } from "../../common/hooks/use-paged-list";

/** Whose samples a judge job covers, by model name: the job keeps only their ids. */
export function JudgedModelsText({ modelIds }: { modelIds: number[] | undefined }) {
  const models = useChoices(modelIds ? "/api/models" : null, ModelsResponseSchema);
  const names = modelIds?.map((id) => models.data?.items.find((m) => m.id === id)?.name ?? t("model {{id}}", { id }));
  return <>{names ? names.join(", ") : t("every model")}</>;
}
