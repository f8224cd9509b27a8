/// <reference types="vite/client" />
import i18next from "i18next";

/**
 * The interface's languages. English text is the key (gettext style): a string without a Chinese entry shows in
 * English, so nothing is ever blank, and test/unit/i18n-keys.test.ts fails when a literal passed to t() has no entry.
 * Chinese entries live in client/src/locales/zh/<topic>.json (or a subfolder: at most 30 files a folder), one file per topic so features add theirs
 * without touching a shared list.
 */
export type Language = "en" | "zh";
export const languages: readonly Language[] = ["en", "zh"];
export const languageNames: Record<Language, string> = { en: "English", zh: "中文" };

const zhFiles = import.meta.glob<Record<string, string>>("../locales/zh/**/*.json", { eager: true, import: "default" });
const zh: Record<string, string> = Object.assign({}, ...Object.values(zhFiles));

const storageKey = "longpref.language";

/** The browser's preference: Chinese when any of its languages is Chinese and comes before English. */
export function browserLanguage(list: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages): Language {
  for (const tag of list) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "zh") return "zh";
    if (base === "en") return "en";
  }
  return "en";
}

/** The language last chosen in this browser (on the login page, or by a user), if any. */
export function storedLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return stored === "en" || stored === "zh" ? stored : null;
  } catch {
    return null;
  }
}

const initial = browserDefault();
void i18next.init({
  lng: initial,
  fallbackLng: false,
  resources: { zh: { translation: zh } },
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
});

setHtmlLang(initial);

function setHtmlLang(language: Language) {
  // Screen readers and the browser's hyphenation and fonts follow <html lang>.
  if (typeof document !== "undefined") document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
}

/** The text in the current language; `{{name}}` placeholders are filled from `vars` (React escapes the result). */
export function t(key: string, vars?: Record<string, string | number>): string {
  return i18next.t(key, vars ?? {});
}

/** Whether the current language has its own text for `key` (English, the keys' language, always has). */
export const hasText = (key: string) => currentLanguage() === "en" || i18next.exists(key);

/**
 * A text that comes from elsewhere (a shared schema's message, the server's): its translation when the
 * dictionary has one, else the text as it came.
 */
export const knownText = (text: string) => (hasText(text) ? i18next.t(text) : text);

export const currentLanguage = (): Language => (i18next.language === "zh" ? "zh" : "en");

/** The language this browser starts in: its last explicit choice, else its languages. */
export function browserDefault(): Language {
  return storedLanguage() ?? browserLanguage();
}

/**
 * Switches the language; the caller re-renders the app (see LanguageProvider). `remember` keeps it as this browser's
 * choice (a switch someone used here), not when it is only an account's choice applied at sign-in.
 */
export function applyLanguage(language: Language, { remember = true }: { remember?: boolean } = {}) {
  void i18next.changeLanguage(language);
  setHtmlLang(language);
  if (!remember) return;
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this page.
  }
}
