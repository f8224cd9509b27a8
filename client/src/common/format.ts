import { currentLanguage, hasText, t, type Language } from "./i18n";

// Intl formatters are costly to make: one per interface language, made when first used.
const cached = <F>(make: (locale: string) => F) => {
  const made: Partial<Record<Language, F>> = {};
  return () => {
    const language = currentLanguage();
    made[language] ??= make(language === "zh" ? "zh-CN" : "en-US");
    return made[language];
  };
};
const numberFormat = cached((locale) => new Intl.NumberFormat(locale));
const dateFormat = cached((locale) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric" }));
const dateTimeFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }),
);

/** 12345 -> "12,345". */
export const formatNumber = (n: number) => numberFormat().format(n);

/**
 * "27 instructions", "1 instruction"; in Chinese "27 条指令" from the dictionary entry "{{count}} instructions"
 * (Chinese has no plural, and its measure word belongs to the noun). test/unit/i18n-keys.test.ts checks that every
 * noun given here as a literal has that entry.
 */
export function countOf(n: number, noun: string): string {
  if (currentLanguage() === "en") return `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;
  const key = `{{count}} ${noun}s`;
  // A noun without its entry (or already translated by the caller) still reads without an English plural.
  return hasText(key) ? t(key, { count: formatNumber(n) }) : `${formatNumber(n)} ${t(noun)}`;
}

/**
 * The unit a length or word count of a text is given in, by the text's language (not the interface's): Chinese text is
 * counted in characters, "字"; any other in words, "words" ("词" in the Chinese interface).
 */
export const lengthUnit = (lang: string) => (lang === "zh" ? "字" : t("words"));

/** "3,000 字" for a Chinese instruction, "3,000 words" for an English one. */
export const lengthOf = (n: number, lang: string) => `${formatNumber(n)} ${lengthUnit(lang)}`;

function parseDate(value: string): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string): string {
  const date = parseDate(value);
  return date ? dateFormat().format(date) : value;
}

export function formatDateTime(value: string): string {
  const date = parseDate(value);
  return date ? dateTimeFormat().format(date) : value;
}

/** The first `max` characters of `text` on one line, with an ellipsis when cut. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** The name of an instruction language code in the interface language. */
export function langName(lang: string): string {
  if (lang === "zh") return t("Chinese");
  if (lang === "en") return t("English");
  if (lang === "other") return t("Other");
  return lang;
}

/** The English names, for text that stays English (exports, logs); pages use langName(). */
export const langNames: Record<string, string> = { zh: "Chinese", en: "English", other: "Other" };

/** The key the server uses in set counts for "no length requirement" and "no category". */
export const NONE = "(none)";

/** A duration for people: "under a minute", "about 3 min", "about 2 h 10 min", "about 3 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return t("under a minute");
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return t("about {{minutes}} min", { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return minutes % 60 ? t("about {{hours}} h {{minutes}} min", { hours, minutes: minutes % 60 }) : t("about {{hours}} h", { hours });
  }
  return t("about {{days}} days", { days: Math.round(hours / 24) });
}

/** 1234 ms -> "1.2 s", 95000 ms -> "1 min 35 s". */
export function formatLatency(ms: number): string {
  if (ms < 1000) return t("{{ms}} ms", { ms });
  if (ms < 60_000) return t("{{seconds}} s", { seconds: (ms / 1000).toFixed(1) });
  const s = Math.round(ms / 1000);
  return t("{{minutes}} min {{seconds}} s", { minutes: Math.floor(s / 60), seconds: s % 60 });
}

/** A rate with one decimal place: 3.25 -> "3.3". */
export const formatRate = (n: number) => (n >= 100 ? formatNumber(Math.round(n)) : n.toFixed(1));

/** A role's name in the interface language. */
export function roleName(role: string): string {
  if (role === "admin") return t("admin");
  if (role === "researcher") return t("researcher");
  if (role === "annotator") return t("annotator");
  return role;
}
