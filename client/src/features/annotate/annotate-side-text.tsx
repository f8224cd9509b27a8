import { memo, useMemo, type CSSProperties } from "react";
import { groupBlocks, splitBlocks, type TextBlock } from "./annotate-text";
import { MarkdownText } from "../../common/components/markdown-text";
import { useProgressiveCount } from "./hooks/use-progressive-count";

// Outputs longer than this are cut into chunks the browser may skip laying out while they are out of view
// (CSS content-visibility: auto). Shorter ones render whole: exact heights, nothing to gain.
const longText = 12_000;
const chunkChars = 4_000;

/** A first guess at a chunk's height before the browser has laid it out; it remembers the real one after. */
function estimatedHeight(text: string): number {
  let lines = 0;
  for (const line of text.split("\n")) {
    // CJK characters are about twice as wide as Latin letters.
    const width = line.length + (line.match(/[\u3000-\u9fff\uff00-\uffef]/g)?.length ?? 0);
    lines += Math.max(1, Math.ceil(width / 70));
  }
  return Math.round(lines * 25.5);
}

const skippable = (block: TextBlock): CSSProperties => ({ containIntrinsicSize: `auto ${estimatedHeight(block.text)}px` });

// Chunks rendered in the first pass (about two screens); the others follow one per task.
const eagerChunks = 2;

/**
 * An output rendered as Markdown, safely (MarkdownText), once per item: memoised on its text, so typing a
 * rationale or scrolling never renders 20,000 words again. A long one renders its first chunks at once and
 * the rest progressively, each in a box of its estimated height until then (decision 022).
 */
export const MarkdownSideText = memo(function MarkdownSideText({ text, lang }: { text: string; lang?: string }) {
  const chunks = useMemo(() => (text.length <= longText ? null : groupBlocks(splitBlocks(text), chunkChars)), [text]);
  const rendered = useProgressiveCount(chunks?.length ?? 0, eagerChunks);
  if (!chunks) return <MarkdownText text={text} lang={lang} />;
  return (
    <>
      {chunks.map((chunk, index) =>
        index < rendered ? (
          <div key={chunk.line} className="annotate-chunk" style={skippable(chunk)}>
            <MarkdownText text={chunk.text} lang={lang} />
          </div>
        ) : (
          <div key={chunk.line} className="annotate-chunk annotate-chunk-pending" style={{ height: estimatedHeight(chunk.text) }} />
        ),
      )}
    </>
  );
});

/**
 * The output exactly as written, as plain text (for when Markdown rendering hides or mangles something).
 * One block per paragraph, each knowing its first line, so the outline can jump here too.
 */
export const RawSideText = memo(function RawSideText({ text, lang }: { text: string; lang?: string }) {
  const long = text.length > longText;
  return (
    <div className="annotate-raw" lang={lang}>
      {splitBlocks(text).map((block) => (
        <div
          key={block.line}
          className={long ? "annotate-raw-block annotate-chunk" : "annotate-raw-block"}
          data-line={block.line}
          style={long ? skippable(block) : undefined}
        >
          {block.text}
        </div>
      ))}
    </div>
  );
});
