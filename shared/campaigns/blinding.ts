/** A model of a campaign as the blinding check knows it: its name in longpref and the id its endpoint uses. */
export interface ModelNames {
  name: string;
  /** The endpoint's model id (e.g. "gpt-4o-2024-08-06"); null or "" when it has none. */
  model?: string | null;
}

/** Names shorter than this are left out: "a" or "v2" would match almost any text. */
const shortest = 3;

/** Where annotator-facing text names a model: one entry per (field, name), case-insensitive. */
export function modelMentions(
  fields: { title: string; guidelines: string },
  models: readonly ModelNames[],
): { field: "title" | "guidelines"; name: string }[] {
  const names = [...new Set(models.flatMap((m) => [m.name, m.model ?? ""]).map((n) => n.trim()))].filter((n) => n.length >= shortest);
  return (["title", "guidelines"] as const).flatMap((field) => {
    const text = fields[field].toLowerCase();
    return names.filter((n) => text.includes(n.toLowerCase())).map((name) => ({ field, name }));
  });
}

/** The server's warning for one mention (the client words its own, translated). */
export const mentionWarning = (m: { field: "title" | "guidelines"; name: string }) =>
  `${m.field}: names the model "${m.name}", which annotators would see; blind campaigns name no model`;
