const numberFormat = new Intl.NumberFormat("en-US");
const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** 12345 -> "12,345". */
export const formatNumber = (n: number) => numberFormat.format(n);

/** "27 instructions", "1 instruction". */
export const countOf = (n: number, noun: string) => `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;

function parseDate(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string): string {
  const date = parseDate(value);
  return date ? dateFormat.format(date) : value;
}

export function formatDateTime(value: string): string {
  const date = parseDate(value);
  return date ? dateTimeFormat.format(date) : value;
}

/** The first `max` characters of `text` on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

export const langNames: Record<string, string> = { zh: "Chinese", en: "English", other: "Other" };

/** The key the server uses in set counts for "no length requirement" and "no category". */
export const NONE = "(none)";

/** A duration for people: "under a minute", "about 3 min", "about 2 h 10 min", "about 3 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return "under a minute";
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `about ${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `about ${Math.round(hours / 24)} days`;
}

/** 1234 ms -> "1.2 s", 95000 ms -> "1 min 35 s". */
export function formatLatency(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A rate with one decimal place: 3.25 -> "3.3". */
export const formatRate = (n: number) => (n >= 100 ? formatNumber(Math.round(n)) : n.toFixed(1));
