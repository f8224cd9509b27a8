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
