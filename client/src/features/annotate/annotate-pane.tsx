import {
  memo,
  startTransition,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type Ref,
} from "react";
import type { AnnotationItem } from "../../../../shared/schemas/campaigns";
import { AnnotateOutline } from "./annotate-outline";
import { MarkdownSideText, RawSideText } from "./annotate-side-text";
import { outlineOf } from "./annotate-text";
import { readingCoverage, scrollFraction } from "./reading-coverage";
import { WordCount } from "../../common/components/sample-facts";
import { formatScore } from "../../common/components/scores";
import { t } from "../../common/i18n";

export type SideName = "left" | "right";

/** What the page asks of a pane without rendering it again. */
export interface PaneHandle {
  /** Fraction of the text scrolled into view so far, 0–1. */
  coverage(): number;
  scrollToFraction(fraction: number): void;
  focus(): void;
}

interface Props {
  side: SideName;
  data: AnnotationItem["left"];
  requiredLength: number | null;
  lang: string | undefined;
  raw: boolean;
  /** Coverage already reached on this item (an item brought back by an undo). */
  initialCoverage: number;
  /** Called from the scroll listener (not for scrolls the other pane asked for); must be stable. */
  onScrollFraction: (side: SideName, fraction: number) => void;
  /** Rendered ahead, out of sight (the prefetched next item): test ids and labels stay with the live one. */
  offscreen?: boolean;
  ref?: Ref<PaneHandle>;
}

// Long enough after an item appears that mounting its other view never competes with showing it.
const otherViewDelayMs = 400;

const headingSelector = "h1, h2, h3, h4, h5, h6";
const normal = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/**
 * One output, "Left" or "Right" (never its model), in its own scrolling column: word count against the
 * requirement, scores when the campaign shows them, an outline of its headings, then the text. Scroll
 * position and coverage live in refs: scrolling never renders anything.
 */
export const AnnotatePane = memo(function AnnotatePane({
  side,
  data,
  requiredLength,
  lang,
  raw,
  initialCoverage,
  onScrollFraction,
  offscreen = false,
  ref,
}: Props) {
  const headingId = useId();
  const label = side === "left" ? t("Left") : t("Right");
  const bodyLabel = side === "left" ? t("Left output") : t("Right output");
  const testId = (name: string) => (offscreen ? `${name}-ahead` : name);
  // Both views stay mounted once shown, so Raw/Markdown switches by a style change, not a render of the text.
  const [views, setViews] = useState({ raw, markdown: !raw });
  if (raw ? !views.raw : !views.markdown) setViews({ raw: views.raw || raw, markdown: views.markdown || !raw });
  // The other view is mounted too, folded, once the reader has the item: the first switch is then instant too.
  useEffect(() => {
    if (views.raw && views.markdown) return;
    const timer = window.setTimeout(() => startTransition(() => setViews({ raw: true, markdown: true })), otherViewDelayMs);
    return () => window.clearTimeout(timer);
  }, [views]);
  const body = useRef<HTMLDivElement>(null);
  // The pane is keyed by item: coverage starts with it, from what an undone judgment had seen.
  // Reading starts when the item is on screen: the prefetched pane, out of sight and sized otherwise, counts nothing.
  const hidden = useRef(offscreen);
  hidden.current = offscreen;
  const [coverage] = useState(() => {
    const tracker = readingCoverage(() => (hidden.current ? null : body.current));
    tracker.atLeast(initialCoverage);
    return tracker;
  });
  // The position this pane was moved to by the other one: its scroll event must not echo back.
  const expectedTop = useRef<number | null>(null);
  const outline = useMemo(() => outlineOf(data.text), [data.text]);

  useImperativeHandle(
    ref,
    () => ({
      coverage() {
        coverage.measure();
        return coverage.value();
      },
      scrollToFraction(fraction) {
        const el = body.current;
        if (!el) return;
        const top = Math.round(fraction * (el.scrollHeight - el.clientHeight));
        if (Math.abs(el.scrollTop - top) < 1) return;
        el.scrollTop = top;
        expectedTop.current = el.scrollTop;
      },
      focus: () => body.current?.focus({ preventScroll: true }),
    }),
    [coverage],
  );

  useEffect(() => {
    const el = body.current;
    if (!el) return;
    function onScroll() {
      coverage.measure();
      const expected = expectedTop.current;
      expectedTop.current = null;
      if (expected !== null && Math.abs(el!.scrollTop - expected) <= 1) return;
      onScrollFraction(side, scrollFraction(el!));
    }
    el.addEventListener("scroll", onScroll, { passive: true });
    // A taller window shows more of the text.
    const resize = new ResizeObserver(() => coverage.measure());
    resize.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
    };
  }, [coverage, onScrollFraction, side]);

  // What is in view when the text appears counts as seen (all of it when it fits).
  useLayoutEffect(() => coverage.measure(), [coverage, raw, offscreen]);

  const jump = useCallback(
    (index: number) => {
      const el = body.current;
      const entry = outline[index];
      if (!el || !entry) return;
      let target: HTMLElement | undefined;
      if (raw) {
        const blocks = Array.from(el.querySelectorAll<HTMLElement>("[data-line]"));
        target = blocks.filter((b) => Number(b.dataset.line) <= entry.line).at(-1);
      } else {
        // The outline is read from the source; the rendered headings are the same ones unless some sit in
        // quotes or lists, where the text finds them instead.
        const headings = Array.from(el.querySelectorAll<HTMLElement>(headingSelector));
        target =
          headings.length === outline.length ? headings[index] : headings.find((h) => normal(h.textContent ?? "") === normal(entry.text));
      }
      if (target) {
        el.scrollTop += target.getBoundingClientRect().top - el.getBoundingClientRect().top - 8;
      } else {
        el.scrollTop = (entry.line / Math.max(1, data.text.split("\n").length)) * el.scrollHeight;
      }
      el.focus({ preventScroll: true });
    },
    [outline, raw, data.text],
  );

  return (
    <section className={`annotate-pane annotate-pane-${side}`} aria-labelledby={headingId}>
      <header className="annotate-pane-head">
        <h2 id={headingId}>{label}</h2>
        {data.word_count !== null && (
          <span className="annotate-words" data-testid={testId(`${side}-words`)}>
            <WordCount words={data.word_count} required={requiredLength} lang={lang ?? "en"} />
          </span>
        )}
        {data.length_score !== null && (
          <span className="annotate-score" title={t("Length score, 0–100")}>
            S<sub>l</sub> {formatScore(data.length_score)}
          </span>
        )}
        {data.quality_score !== null && (
          <span className="annotate-score" title={t("Quality score by the judge model, 0–100")}>
            S<sub>q</sub> {formatScore(data.quality_score)}
          </span>
        )}
        <AnnotateOutline label={label} entries={outline} onJump={jump} />
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling text takes focus so the keyboard can scroll it */}
      <div ref={body} className="annotate-pane-body" tabIndex={0} role="group" aria-label={bodyLabel} data-testid={testId(`${side}-text`)}>
        {data.text === "" ? (
          <p className="muted">{t("This output is empty.")}</p>
        ) : (
          <>
            {/* Raw first: its text is the output's own, also for textContent. The other view is kept laid out
                but folded (annotate-speed.css), so a switch repaints rather than lays out 20,000 words again. */}
            {views.raw && (
              <div className="annotate-view" data-active={raw} data-view="raw">
                <RawSideText text={data.text} lang={lang} />
              </div>
            )}
            {views.markdown && (
              <div className="annotate-view" data-active={!raw} data-view="markdown">
                <MarkdownSideText text={data.text} lang={lang} />
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
});
