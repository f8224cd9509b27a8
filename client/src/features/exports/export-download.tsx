import { useState, type MouseEvent } from "react";
import { Link } from "react-router";
import { ApiErrorSchema } from "../../../../shared/schemas/error";
import { CodeBlock } from "../../common/components/code-block";
import { ErrorAlert } from "../../common/components/error-alert";
import { exportCommand, exportUrl, hasSplit, isLlamaFactory, type ExportFormatName, type ExportQuery } from "./export-query";

type Side = "train" | "test" | undefined;

/**
 * Whether the export would send a file: the server decides emptiness (422) and bad parameters (400, 404)
 * before the first byte, so the status is enough; the body of a 200 is dropped unread.
 */
async function probe(url: string): Promise<string | undefined> {
  const controller = new AbortController();
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", signal: controller.signal });
  } catch {
    return "Cannot reach the server. Check your connection and try again.";
  }
  if (response.ok) {
    controller.abort();
    return undefined;
  }
  const parsed = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data.message : `The server answered with HTTP ${response.status}.`;
}

interface Props {
  query: ExportQuery;
  format: ExportFormatName;
  /** The chosen set's name, for the command line's --set. */
  setName: string | undefined;
}

/** The export's URL and command line, and the download links, checked before the browser takes over. */
export function ExportDownload({ query, format, setName }: Props) {
  const [checking, setChecking] = useState<string | undefined>();
  // Kept with its URL: a changed form hides a message about another export.
  const [problem, setProblem] = useState<{ url: string; message: string } | undefined>();

  if (query.problems.length > 0) {
    return (
      <p className="muted" role="status">
        Cannot export yet: {query.problems.join("; ")}.
      </p>
    );
  }

  const sides: Side[] = hasSplit(query) ? ["train", "test"] : [undefined];
  const urls = sides.map((split) => ({ split, url: exportUrl(query, { split }), datasetInfo: exportUrl(query, { split, datasetInfo: true }) }));
  const origin = window.location.origin;

  async function onDownload(event: MouseEvent<HTMLAnchorElement>, url: string) {
    // A modified click (new tab, save as) is the user's own choice: leave it to the browser.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (checking) return;
    setChecking(url);
    setProblem(undefined);
    const message = await probe(url);
    setChecking(undefined);
    if (message) setProblem({ url, message });
    // The browser's download manager streams the file: constant memory, its own progress and resume.
    else window.location.assign(url);
  }

  const shownProblem = problem && urls.some((u) => u.url === problem.url) ? problem.message : undefined;
  return (
    <div className="export-download">
      <h3>URL</h3>
      {urls.map(({ split, url }) => (
        <div key={split ?? "all"} data-testid={split ? `export-url-${split}` : "export-url"}>
          {split && <p className="export-side">{split === "train" ? "Train" : "Test"}</p>}
          <CodeBlock code={`${origin}${url}`} label={`${split ?? "export"} URL`} />
        </div>
      ))}
      <p className="hint">
        From a script: <code>curl -fOJ -H &quot;Authorization: Bearer $TOKEN&quot; &apos;URL&apos;</code> with a token from{" "}
        <Link to="/tokens">API tokens</Link>.
      </p>
      <h3>Command line</h3>
      <div data-testid="export-command">
        <CodeBlock code={exportCommand(query, setName)} label="export command" />
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
            {split ? `Download ${split}` : "Download"}
          </a>
        ))}
        {isLlamaFactory(format) &&
          urls.map(({ split, datasetInfo }) => (
            <a key={`info-${split ?? "all"}`} href={datasetInfo} download="dataset_info.json">
              dataset_info.json entry{split ? ` (${split})` : ""}
            </a>
          ))}
        <span className="muted" aria-live="polite">
          {checking && "Checking the export…"}
        </span>
      </div>
      <ErrorAlert error={shownProblem} />
    </div>
  );
}
