import { t } from "../i18n";

/**
 * Said under a form whose choices were fetched as one page of the largest size (useChoices) when the list
 * holds more than that page, so a missing item is explained rather than silently absent.
 */
export function FirstItemsNote({ list, what }: { list: { total: number; items: unknown[] } | undefined; what: string }) {
  if (!list || list.total <= list.items.length) return null;
  return (
    <p className="hint" role="note">
      {t("Only the first {{shown}} of {{total}} {{what}} are offered here.", { shown: list.items.length, total: list.total, what })}
    </p>
  );
}
