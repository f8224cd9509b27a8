import { lengthScore } from "../../shared/scoring/length-score";
import { countWords } from "../../shared/scoring/word-count";

// Length scoring throughput: LongBench-Write word count + S_l over long outputs (English, Chinese, mixed).
const english = "The committee met on Tuesday to review the draft, and don't forget: GPT-4o scored 3rd in 2024. ";
const chinese = "在未来，人类发明了一种可以实现心灵感应的装置，但使用该装置的人必须放弃一件最珍贵的事情。";
const mixed = "LongWriter模型在LongBench-Write上的表现 shows that AI时代 is here; 字数要求2000左右。 ";
const outputs = [english, chinese, mixed].flatMap((unit) => Array.from({ length: 200 }, (_, i) => unit.repeat(100 + (i % 50))));
const bytes = outputs.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

let checksum = 0;
const start = performance.now();
for (let round = 0; round < 3; round++) {
  for (const text of outputs) checksum += lengthScore(2000, countWords(text));
}
const seconds = (performance.now() - start) / 1000;
console.log(
  `length scoring: ${((3 * bytes) / 1e6 / seconds).toFixed(0)} MB/s of text (${outputs.length} outputs, ${(bytes / 1e6).toFixed(1)} MB, 3 rounds; checksum ${checksum.toFixed(0)})`,
);
