import { t } from "../../common/i18n";
import { useState, type MouseEvent } from "react";
import { Link } from "react-router";
import { apiResponse, asApiError } from "../../common/api";
import { CodeBlock } from "../../common/components/code-block";
import { ErrorAlert } from "../../common/components/error-alert";
import { exportCommand, exportUrl, hasSplit, isLlamaFactory, problemText, type ExportFormatName, type ExportQuery } from "./export-query";

type Side = "train" | "test" | undefined;

/** The file the server sent, or why there is none in its own words. */
type Fetched = { file: Blob; name: string } | { message: string };

// The name the server gave the file (Content-Disposition), as the browser's own download would use it.
const fileNameOf = (response: Response) => /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "export";

/**
 * Runs the export once: a refusal (400, 404, 422: decided before the first byte) comes back as JSON and is
 * shown on the page; a file is read whole, so an export cut off midway is an error too, never a short file.
 * The cost: the browser holds the file until it is saved (large blobs go to its disk); for very large exports the
 * URL (curl) and the command line shown above stream without it.
 */
async function fetchExport(url: string): Promise<Fetched> {
  let response: Response;
  try {
    response = await apiResponse(url);
  } catch (error) {
    return { message: asApiError(error).message };
  }
  try {
    return { file: await response.blob(), name: fileNameOf(response) };
  } catch {
    return { message: t("The export was cut off before its end (see the server's log). Try again.") };
  }
}

/** Hands a fetched file to the browser's downloads, under the server's name. */
function save(file: Blob, name: string) {
  const href = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.click();
  // Revoking at once can abort the download in some browsers; FileSaver.js waits 40 s the same way.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

interface Props {
  query: ExportQuery;
  format: ExportFormatName;
  /** The chosen set's name, for the command line's --set. */
  setName: string | undefined;
}

/** The export's URL and command line, and the download links: one request each, its refusal shown here. */
export function ExportDownload({ query, format, setName }: Props) {
  const [checking, setChecking] = useState<string | undefined>();
  // Kept with its URL: a changed form hides a message about another export.
  const [problem, setProblem] = useState<{ url: string; message: string } | undefined>();

  if (query.problems.length > 0) {
    return (
      <p className="muted" role="status">
        {t("Cannot export yet: {{problems}}.", { problems: query.problems.map(problemText).join("; ") })}
      </p>
    );
  }

  const sides: Side[] = hasSplit(query) ? ["train", "test"] : [undefined];
  const urls = sides.map((split) => ({
    split,
    url: exportUrl(query, { split }),
    datasetInfo: exportUrl(query, { split, datasetInfo: true }),
  }));
  const origin = window.location.origin;

  async function onDownload(event: MouseEvent<HTMLAnchorElement>, url: string) {
    // A modified click (new tab, save as) is the user's own choice: leave it to the browser.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (checking) return;
    setChecking(url);
    setProblem(undefined);
    const fetched = await fetchExport(url);
    setChecking(undefined);
    if ("message" in fetched) setProblem({ url, message: fetched.message });
    else save(fetched.file, fetched.name);
  }

  const shownProblem = problem && urls.some((u) => u.url === problem.url) ? problem.message : undefined;
  return (
    <div className="export-download">
      <h3>{t("URL")}</h3>
      {urls.map(({ split, url }) => (
        <div key={split ?? "all"} data-testid={split ? `export-url-${split}` : "export-url"}>
          {split && <p className="export-side">{split === "train" ? t("Train") : t("Test")}</p>}
          <CodeBlock
            code={`${origin}${url}`}
            label={split === "train" ? t("train URL") : split === "test" ? t("test URL") : t("export URL")}
          />
        </div>
      ))}
      <p className="hint">
        {t("From a script:")} <code>curl -fOJ -H &quot;Authorization: Bearer $TOKEN&quot; &apos;URL&apos;</code>
        {t(" with a token from")} <Link to="/tokens">{t("API tokens")}</Link>.
      </p>
      <h3>{t("Command line")}</h3>
      <div data-testid="export-command">
        <CodeBlock code={exportCommand(query, setName)} label={t("export command")} />
      </div>
      <div className="actions export-actions">
        {urls.map(({ split, url }) => (
          <a
            key={split ?? "all"}
            href={url}
            download
            className="button-link button-primary"
            aria-busy={checking === url}
            onClick={(e) => void onDownload(e, url)}
          >
            {split === "train" ? t("Download train") : split === "test" ? t("Download test") : t("Download")}
          </a>
        ))}
        {isLlamaFactory(format) &&
          urls.map(({ split, datasetInfo }) => (
            // Saved under the server's name, NAME.dataset_info.json: never over the user's whole dataset_info.json.
            <a key={`info-${split ?? "all"}`} href={datasetInfo} download>
              {t("dataset_info.json entry")}
              {split === "train" ? t(" (train)") : split === "test" ? t(" (test)") : ""}
            </a>
          ))}
        <span className="muted" aria-live="polite">
          {checking && t("Exporting…")}
        </span>
      </div>
      {isLlamaFactory(format) && (
        <p className="hint">
          {t("Add the entry to LLaMA-Factory's list:")}{" "}
          <code>npx longpref dataset-info merge NAME.dataset_info.json --into data/dataset_info.json</code>
        </p>
      )}
      <ErrorAlert error={shownProblem} />
    </div>
  );
}
