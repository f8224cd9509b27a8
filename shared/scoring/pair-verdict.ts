// The pairwise judge's answer (docs/decisions/034-pairwise-judge.md). Unlike the single-answer judge, reading
// is strict: the answer must be one JSON object, {"analysis": "...", "verdict": "A>B"}, alone or in one code
// fence. Prose around it, a second object, a repeated or list-valued "verdict", or a label off the five-point
// scale is not an answer: it is asked again, then the judgment fails with the raw answer kept. A verdict a
// parser had to guess at would be counted in win rates and calibration as if the judge had said it.

/** The five-point scale as the judge writes it, Response A first. */
export const pairVerdictLabels = ["A>>B", "A>B", "A=B", "B>A", "B>>A"] as const;
export type PairVerdictLabel = (typeof pairVerdictLabels)[number];

/** +2 A much better, +1 A better, 0 tie, −1 B better, −2 B much better; A is the response shown first. */
export type PairVerdict = -2 | -1 | 0 | 1 | 2;

const verdictByLabel = new Map<string, PairVerdict>([
  ["A>>B", 2],
  ["A>B", 1],
  ["A=B", 0],
  ["B>A", -1],
  ["B>>A", -2],
]);

export const pairVerdictLabel = (v: PairVerdict): PairVerdictLabel => pairVerdictLabels[2 - v] as PairVerdictLabel;

export type PairAnswer = { ok: true; verdict: PairVerdict; analysis: string | null } | { ok: false; reason: string };

// One fence around the object is what chat models add unasked; anything else outside it is prose.
const FENCED = /^```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)\r?\n?[ \t]*```$/;

/** Reads one answer of the pairwise judge, or says what is wrong with it. Never throws. */
export function parsePairAnswer(raw: string): PairAnswer {
  const trimmed = raw.trim();
  if (trimmed === "") return { ok: false, reason: "empty answer" };
  const body = (FENCED.exec(trimmed)?.[1] ?? trimmed).trim();
  if (!body.startsWith("{")) {
    return { ok: false, reason: body.includes("{") ? "text before the JSON object" : "no JSON object in the answer" };
  }
  if (!body.endsWith("}")) return { ok: false, reason: "text after the JSON object, or it is cut off" };
  let parsed: unknown;
  try {
    // Raw line breaks inside the analysis string are what judges write; JSON allows them only as escapes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing raw control characters is the point
    parsed = JSON.parse(body.replace(/[\u0000-\u001f]/g, " "));
  } catch {
    return { ok: false, reason: "not one JSON object (two objects, prose between, or broken JSON)" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, reason: "not a JSON object" };
  // JSON.parse keeps the last of two equal keys silently; two verdicts must not become one.
  const verdictKeys = body.match(/"\s*verdict\s*"\s*:/gi)?.length ?? 0;
  if (verdictKeys > 1) return { ok: false, reason: "two verdicts in the answer" };
  const entries = Object.entries(parsed as Record<string, unknown>);
  const verdict = entries.find(([k]) => k.trim().toLowerCase() === "verdict")?.[1];
  const analysis = entries.find(([k]) => k.trim().toLowerCase() === "analysis")?.[1];
  if (verdict === undefined) return { ok: false, reason: 'no "verdict" in the answer' };
  if (Array.isArray(verdict)) return { ok: false, reason: "two verdicts in the answer" };
  if (typeof verdict !== "string") return { ok: false, reason: `"verdict" is ${describe(verdict)}, not one of ${scale}` };
  const value = verdictByLabel.get(verdict.replace(/\s+/g, "").toUpperCase());
  if (value === undefined) return { ok: false, reason: `"verdict" is ${describe(verdict)}, not one of ${scale}` };
  return { ok: true, verdict: value, analysis: typeof analysis === "string" ? analysis : null };
}

const scale = pairVerdictLabels.join(", ");

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null) return "an object";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The judge's two answers on one pair, each turned to sample a's side: +2 = a much better. */
export interface BothOrders {
  /** The verdict when a was shown first (Response A). */
  aFirst: PairVerdict;
  /** The verdict when b was shown first, as the judge wrote it (A = b). */
  bFirst: PairVerdict;
}

export interface CombinedVerdict {
  /** Who won over both orders; "tie" when the orders disagree in direction. */
  winner: "a" | "b" | "tie";
  /** Mean strength of the two orders on a's side (−2…2); 0 when they disagree. */
  strength: number;
  /** The two orders pointed different ways (a position flip); a tie and a win count as different. */
  flipped: boolean;
}

/**
 * One verdict from both orders: agreement keeps the direction with the two strengths averaged, any
 * disagreement (a over b in one order, b over a or a tie in the other) is a tie, so position bias cancels.
 */
export function combineOrders({ aFirst, bFirst }: BothOrders): CombinedVerdict {
  const first = aFirst;
  const second = -bFirst;
  const flipped = Math.sign(first) !== Math.sign(second);
  if (flipped || first === 0) return { winner: "tie", strength: 0, flipped };
  const strength = (first + second) / 2;
  return { winner: strength > 0 ? "a" : "b", strength, flipped };
}
