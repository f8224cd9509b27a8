import { useId } from "react";
import { languageNames, languages, t, type Language } from "../i18n";
import { useLanguage } from "../language";
import "./language-switch.css";

/** Chooses the interface language; each language is named in itself so a reader of either can find theirs. */
export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t("Language")}
      </label>
      <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l === "zh" ? "zh-CN" : "en"}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
