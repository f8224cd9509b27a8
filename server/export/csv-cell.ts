/**
 * A CSV cell per RFC 4180 (quoted when it holds a comma, a quote, CR or LF; quotes doubled), made inert
 * for spreadsheets first: text starting with = + - @, a tab or CR would be read as a formula (CSV
 * injection, OWASP), so it gets a leading single quote; so does text where one of those follows white
 * space (importers may trim it) or comes in its full-width form (＝ ＋ － ＠, formulas in CJK locales).
 * Annotator names, categories, instruction ids and model names are user input. Numbers are longpref's
 * own (a negative margin is data, not a formula) and are written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let cell = String(value);
  if (typeof value === "string" && /^(?:[\t\r]|\s*[=+\-@＝＋－＠])/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
