import { memo } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { t } from "../i18n";

// Model outputs are untrusted. Markdown is rendered as React elements (never innerHTML); HTML written in
// the output is shown as the text it is, not dropped, so a reader sees exactly what the model wrote.
// Images are not loaded (an output could point at any server): their alt text and address show instead.

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="md-image">
      [{t("image")}: {alt || t("no description")}
      {typeof src === "string" && src ? ` — ${src}` : ""}]
    </span>
  ),
};

const remarkPlugins = [remarkGfm, htmlAsText];

/** An output rendered as Markdown, safely. Memoised: outputs run to tens of thousands of words. */
export const MarkdownText = memo(function MarkdownText({ text, lang }: { text: string; lang?: string }) {
  return (
    <div className="markdown-text" lang={lang}>
      <Markdown remarkPlugins={remarkPlugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
