import { qualityDimensions, type QualityScores } from "../../shared/scoring/judge-answer";
import { mulberry32, streamState } from "../../shared/scoring/seeded-random";
import type { FaultKind, Reply } from "./endpoint-fake";

// The endpoint-faults campaign's script. Every prompt names its task ("[task random-17]"); the complete
// answer to any request is a function of that task (and, for an AgentWrite step, of the step), so a saved
// text can be checked to the character. Which fault a request meets comes from a seeded stream keyed by
// the prompt and the attempt's number, so the schedule does not depend on the order requests arrive in.

export const retryableFaults = ["429", "500", "503", "502-html", "stall", "cut", "malformed", "empty", "not-json", "reset"] as const;
export const permanentFaults = ["400", "401"] as const;

/** What a failed item's reason must say when its last request met this fault. */
export const reasonFor: Record<Exclude<FaultKind, "ok" | "length">, RegExp> = {
  "429": /HTTP 429/,
  "500": /HTTP 500/,
  "503": /HTTP 503/,
  "502-html": /HTTP 502/,
  "400": /^HTTP 400 from http:\/\/\S+: .*maximum context length/,
  "401": /^HTTP 401 from http:\/\/\S+: .*API key/,
  stall: /stream stalled/,
  cut: /stream cut/,
  malformed: /unreadable answer: .*JSON/,
  empty: /empty content/,
  "not-json": /no event stream/,
  reset: /connection failed/,
};

/** random: the seeded schedule; 400/401: refused at once; doomed: a retryable fault at every attempt. */
export type TaskKind = "random" | "400" | "401" | "doomed";
export const task = (kind: TaskKind, i: number) => `[task ${kind}-${i}]`;
export const taskOf = (prompt: string) => /\[task ([a-z0-9]+)-\d+\]/.exec(prompt);

const words = (
  "harbor lantern winter station promise stranger mountain village shadow question river morning letter garden " +
  "window silence memory journey the a of and to in that it was for on with as his her they at by this had from"
).split(" ");

/** 150–1,500 characters of sentences in paragraphs, from the key alone. */
export function textFor(key: string): string {
  const random = mulberry32(streamState(11, key));
  const target = 150 + Math.floor(random() * 1350);
  let text = "";
  while (text.length < target) {
    const sentence = Array.from({ length: 5 + Math.floor(random() * 10) }, () => words[Math.floor(random() * words.length)]).join(" ");
    text += `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.${random() < 0.2 ? "\n\n" : " "}`;
  }
  return text.trim();
}

/** The AgentWrite plan of a task: 2–4 paragraphs. */
export function planFor(taskName: string): string {
  const steps = 2 + (streamState(11, taskName) % 3);
  return Array.from(
    { length: steps },
    (_, i) => `Paragraph ${i + 1} - Main point: part ${i + 1} of ${taskName} - Word count: ${200 + 100 * i} words`,
  ).join("\n");
}

const stepLine = (prompt: string) => /Now write this step of the plan: (.*)/.exec(prompt)?.[1]?.trim();

/** What a complete AgentWrite sample of the task must hold: each planned paragraph, in order. */
export function agentWriteTextFor(taskName: string): string {
  return planFor(taskName)
    .split("\n")
    .map((step) => textFor(`${taskName} ${step}`))
    .join("\n\n");
}

export function scoresFor(taskName: string): QualityScores {
  const random = mulberry32(streamState(13, taskName));
  return Object.fromEntries(qualityDimensions.map((d) => [d, 1 + Math.floor(random() * 5)])) as QualityScores;
}

/** The complete answer to a sampling request: a direct answer, a plan, or one planned paragraph. */
export function samplingAnswer(prompt: string): string {
  const name = taskOf(prompt)![0];
  const step = stepLine(prompt);
  if (step !== undefined) return textFor(`${name} ${step}`);
  if (prompt.startsWith("You are planning")) return planFor(name);
  return textFor(name);
}

/** The complete answer of a judge: a short analysis, then the task's scores. */
export function judgeAnswer(prompt: string): string {
  const name = taskOf(prompt)![0];
  return `The response is on topic.\n${JSON.stringify({ Analysis: "Fine.", ...scoresFor(name) })}`;
}

/**
 * The schedule: per prompt, attempt by attempt. A random task answers completely about half the time
 * (finish reason "length" now and then), is refused with a 400 or 401 rarely, and otherwise meets one
 * of the retryable faults. `unreadable` is the share of complete answers replaced by prose (judges only).
 */
export function scheduledReply(prompt: string, attempt: number, answer: (prompt: string) => string, unreadable = 0): Reply {
  const [, kind] = taskOf(prompt)!;
  const random = mulberry32(streamState(17, `${prompt}#${attempt}`));
  const text = answer(prompt);
  const r = random();
  const fault = retryableFaults[Math.floor(random() * retryableFaults.length)]!;
  const retryAfterS = Math.floor(random() * 2);
  if (kind === "400" || kind === "401") return { kind, text };
  const planning = prompt.startsWith("You are planning");
  // Doomed AgentWrite samples get their plan, then never their first paragraph.
  if (kind === "doomed") return planning ? { kind: "ok", text } : { kind: fault, text, retryAfterS };
  if (r >= 0.98) return { kind: permanentFaults[Math.floor(random() * 2)]!, text };
  if (r >= 0.55) return { kind: fault, text, retryAfterS };
  if (r < unreadable) return { kind: "ok", text: "I would rate this response highly on every dimension." };
  return { kind: r < 0.5 ? "ok" : "length", text };
}
