import { useRef, useState } from "react";
import { t } from "../i18n";

/** Commands to paste into a terminal, with a copy button. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
    } catch {
      // Clipboard access can be refused (insecure origin): select the text so Ctrl+C works.
      const range = document.createRange();
      if (pre.current) range.selectNodeContents(pre.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }

  return (
    <div className="code-block">
      <pre ref={pre}>
        <code>{code}</code>
      </pre>
      <button type="button" className="button-small" onClick={copy}>
        {copied ? t("Copied") : t("Copy")}
        <span className="visually-hidden"> {label}</span>
      </button>
    </div>
  );
}
