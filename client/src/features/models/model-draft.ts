import { defaultGenerationParams, type CreateModelBody, type Model, type UpdateModelBody } from "../../../../shared/schemas/model";

/** The model form's fields as typed; the server validates them and names the field that is wrong. */
export interface ModelDraft {
  name: string;
  base_urls: string;
  model: string;
  api_key_env: string;
  temperature: string;
  top_p: string;
  max_tokens: string;
  max_in_flight: string;
  timeout_s: string;
  n_per_request: string;
  is_reference: boolean;
  resume_partial: boolean;
}
type DraftKey = keyof ModelDraft;

export const emptyModelDraft: ModelDraft = {
  name: "",
  base_urls: "",
  model: "",
  api_key_env: "",
  temperature: String(defaultGenerationParams.temperature),
  top_p: "",
  max_tokens: String(defaultGenerationParams.max_tokens),
  max_in_flight: "8",
  timeout_s: "3600",
  n_per_request: "1",
  is_reference: false,
  resume_partial: false,
};

export function draftOf(model: Model): ModelDraft {
  return {
    name: model.name,
    base_urls: model.base_urls.join("\n"),
    model: model.model,
    api_key_env: model.api_key_env ?? "",
    temperature: String(model.params.temperature),
    top_p: model.params.top_p === null ? "" : String(model.params.top_p),
    max_tokens: String(model.params.max_tokens),
    max_in_flight: String(model.max_in_flight),
    timeout_s: String(model.timeout_ms / 1000),
    n_per_request: String(model.n_per_request),
    is_reference: model.is_reference,
    resume_partial: model.resume_partial,
  };
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
const numberOf = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The body field(s) one draft field stands for; an empty number means "leave it to the server". */
function fieldOf(draft: ModelDraft, key: DraftKey): Partial<CreateModelBody> {
  switch (key) {
    case "name":
    case "model":
      return { [key]: draft[key].trim() };
    case "base_urls":
      return { base_urls: lines(draft.base_urls) };
    case "api_key_env":
      return { api_key_env: draft.api_key_env.trim() || null };
    case "top_p":
      return { top_p: numberOf(draft.top_p) ?? null };
    case "timeout_s": {
      const seconds = numberOf(draft.timeout_s);
      return seconds === undefined ? {} : { timeout_ms: Math.round(seconds * 1000) };
    }
    case "is_reference":
    case "resume_partial":
      return { [key]: draft[key] };
    default: {
      const n = numberOf(draft[key]);
      return n === undefined ? {} : { [key]: n };
    }
  }
}

const draftKeys = Object.keys(emptyModelDraft) as DraftKey[];

export function createBodyOf(draft: ModelDraft): CreateModelBody {
  const body = Object.assign({}, ...draftKeys.map((k) => fieldOf(draft, k))) as CreateModelBody;
  // Empty means "not set" on creation: no key variable, the server's default top_p.
  if (body.api_key_env === null) delete body.api_key_env;
  if (body.top_p === null) delete body.top_p;
  return body;
}

/** Only the fields that changed, so a model without base URLs (a demo or imported one) can still be edited. */
export function updateBodyOf(draft: ModelDraft, model: Model): UpdateModelBody {
  const before = draftOf(model);
  const changed = draftKeys.filter((k) => draft[k] !== before[k]);
  return Object.assign({}, ...changed.map((k) => fieldOf(draft, k))) as UpdateModelBody;
}
