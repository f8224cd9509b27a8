import { t } from "./i18n";

/** An instruction language's name in the interface language ("zh" -> "Chinese" / "中文"); unknown codes as they are. */
export function langName(code: string): string {
  const names: Record<string, string> = { zh: t("Chinese"), en: t("English"), other: t("Other") };
  return names[code] ?? code;
}
