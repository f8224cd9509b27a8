import type { MarkdownStyle } from "../../shared/schemas/battles";
import { countWords } from "../../shared/scoring/word-count";
import { markdownStyle } from "../../shared/text/markdown-style";

/** What the length- and style-controlled statistics need of one output. */
export interface SampleFeatures {
  /** LongBench-Write words: the stored word_count, or counted with the shared word counter when none was stored. */
  words: number;
  style: MarkdownStyle;
}

/**
 * Features of samples by id, each sample's text read and counted once per export: a comparison's several
 * judgments name the same two samples, often far apart in judgment order. The cache holds four numbers
 * per sample, never a text, so an export's memory stays flat in the texts' length.
 */
export function sampleFeatureCache(
  outputOf: (sampleId: number) => { text: string; word_count: number | null },
): (sampleId: number) => SampleFeatures {
  const cache = new Map<number, SampleFeatures>();
  return (sampleId) => {
    let features = cache.get(sampleId);
    if (!features) {
      const { text, word_count } = outputOf(sampleId);
      features = { words: word_count ?? countWords(text), style: markdownStyle(text) };
      cache.set(sampleId, features);
    }
    return features;
  };
}
