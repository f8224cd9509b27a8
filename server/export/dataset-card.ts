import { defaultExportStatuses, type ExportQuery } from "../../shared/schemas/export-query";
import type { CardFigures } from "./card-figures";
import type { ColumnType, Field } from "./columns";
import type { ExportOrigin } from "./plan";

// The README.md of a Hugging Face dataset folder: YAML front matter that `datasets.load_dataset(DIR)` and
// the Hub read (configs and their data_files, features, license, task category), then a card in prose
// (where the rows come from, how many, how far judges agreed, how pairs were made). The YAML is written by
// hand, every string double-quoted (a JSON string is a valid YAML double-quoted scalar), so no value —
// a set named `no`, a model named `1e3` — can change type or break the block.

export interface CardSplit {
  split: "train" | "test";
  /** Relative to the folder, e.g. data/train-00000-of-00001.parquet. */
  path: string;
  rows: number;
}

export interface CardInput {
  fields: readonly Field[];
  query: ExportQuery;
  selection: string;
  origin: ExportOrigin;
  splits: CardSplit[];
  figures: CardFigures;
  license: string;
  version: string;
  createdAt: string;
}

const q = (s: string) => JSON.stringify(s);
const plainKey = /^[A-Za-z_][A-Za-z0-9_]*$/;
const yamlWords = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
/** A key plain when it is a simple word YAML reads as a string, quoted otherwise. */
const key = (s: string) => (plainKey.test(s) && !yamlWords.test(s) ? s : q(s));

const dtype = { string: "string", int: "int64", float: "float64", bool: "bool" } as const;

/** The `datasets` feature of a column, as datasets' own Features._to_yaml_list writes it. */
function feature(name: string, type: ColumnType, indent: string): string[] {
  const head = `${indent}- name: ${key(name)}`;
  if (typeof type === "string") return [head, `${indent}  dtype: ${dtype[type]}`];
  if ("struct" in type) return [head, `${indent}  struct:`, ...type.struct.flatMap((f) => feature(f.name, f.type, `${indent}  `))];
  const item = type.list;
  if (typeof item === "string") return [head, `${indent}  list: ${dtype[item]}`];
  if ("struct" in item) return [head, `${indent}  list:`, ...item.struct.flatMap((f) => feature(f.name, f.type, `${indent}  `))];
  // A list of lists has no short YAML form in datasets; nothing of ours has one.
  throw new Error(`${name}: lists of lists have no dataset card feature`);
}

function sizeCategory(rows: number): string {
  const bounds: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
  ];
  return bounds.find(([limit]) => rows < limit)?.[1] ?? "10M<n<100M";
}

const isPairFormat = (format: string) => format !== "sft" && format !== "kto" && !format.startsWith("battles");

function tags(query: ExportQuery, figures: CardFigures): string[] {
  const t = ["longpref", "long-form"];
  if (query.format === "kto") t.push("kto", "preference");
  else if (query.format === "sft") t.push("sft");
  else if (query.format.startsWith("battles")) t.push("human-feedback", "battles", "chatbot-arena");
  else t.push("dpo", "preference", query.format);
  if (figures.votes && !t.includes("human-feedback")) t.push("human-feedback");
  return t;
}

function frontMatter(input: CardInput): string[] {
  const { query, figures, splits } = input;
  const rows = splits.reduce((n, s) => n + s.rows, 0);
  const languages = figures.languages.filter((l) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(l));
  return [
    "---",
    `license: ${q(input.license)}`,
    ...(languages.length ? ["language:", ...languages.map((l) => `- ${q(l)}`)] : []),
    "task_categories:",
    `- ${q("text-generation")}`,
    "tags:",
    ...tags(query, figures).map((t) => `- ${q(t)}`),
    "size_categories:",
    `- ${q(sizeCategory(rows))}`,
    `pretty_name: ${q(title(input))}`,
    "configs:",
    "- config_name: default",
    "  data_files:",
    ...splits.flatMap((s) => [`  - split: ${s.split}`, `    path: ${q(s.path)}`]),
    "dataset_info:",
    "  features:",
    ...input.fields.flatMap((f) => feature(f.name, f.type, "  ")),
    "  splits:",
    ...splits.flatMap((s) => [`  - name: ${s.split}`, `    num_examples: ${s.rows}`]),
    "---",
  ];
}

function title(input: CardInput): string {
  const { query, origin } = input;
  const what =
    query.format === "sft" ? "SFT examples" : query.format.startsWith("battles") ? "human judgments" : `${query.format} preference data`;
  return `longpref ${what}${origin.set ? ` from ${origin.set}` : ""}`;
}

function typeName(type: ColumnType): string {
  if (typeof type === "string") return dtype[type];
  if ("list" in type) return `list of ${typeName(type.list)}`;
  return `{${type.struct.map((f) => f.name).join(", ")}}`;
}

/** How the rows were made, per source: the part of the card a reader of the data needs most. */
function recipe(query: ExportQuery, origin: ExportOrigin): string[] {
  const run = origin.run;
  const scoring = run
    ? `Each model sampled several outputs per instruction; the judge ${q(run.judge)} (template ${q(run.template)}) scored ` +
      `each on LongBench-Write's six quality dimensions (S_q, 0–100) and LongBench-Write's length score S_l measured ` +
      `how well its length met the instruction's; S = w·S_l + (1 − w)·S_q with w = ${run.length_weight} (S_q alone when ` +
      "the instruction states no length)."
    : "";
  const pairing = run
    ? `Pairs follow the LongWriter recipe (strategy ${run.strategy}): within each (instruction, model) group the sample ` +
      `of best S is chosen and ${run.strategy === "best-vs-worst" ? "the one of worst S" : run.strategy === "all-pairs" ? "every sample scored lower" : "one of the others, drawn with the run's seed,"} ` +
      `is rejected, when S(chosen) − S(rejected) ≥ ${run.min_margin}.`
    : "";
  switch (query.from) {
    case "proposals":
      return [
        scoring,
        pairing,
        "Proposals are the run's pairs in the statuses named above; a researcher may have accepted, rejected or swapped each.",
        (query.statuses ?? defaultExportStatuses).includes("judge-confirmed")
          ? "A judge-confirmed proposal was reviewed by no human: a pairwise LLM judge, asked in both orders (each sample shown " +
            "first once), preferred its chosen sample both times."
          : "",
      ];
    case "confirmed":
      return [
        scoring,
        pairing,
        "Only proposals that human annotators confirmed are here: in a verify-pairs campaign k annotators each judged chosen " +
          "against rejected, blind and with sides shuffled, and the majority of their judgments agreed with the proposal.",
      ];
    case "judgments":
      return [
        query.majority === "weighted"
          ? "Pairs come from human judgments of campaign comparisons, each comparison's verdict being the Dawid–Skene weighted " +
            "majority (annotators weighted by their estimated reliability); `agreement` is that verdict's posterior probability. " +
            "Ties and both-bad verdicts never become pairs."
          : query.per_judgment
            ? "One pair per human judgment that named a winner (ties and both-bad verdicts give no pair)."
            : "Pairs come from human judgments of campaign comparisons: the winner of each comparison's majority verdict is chosen " +
              "and the other output rejected; ties and both-bad verdicts, and comparisons without a majority, give no pair.",
      ];
    case "sft":
      return [
        scoring,
        query.sft === "chosen"
          ? "Each example is the chosen output of a pair proposal of the run."
          : "Each example is the output of best S for its instruction in the run's scores.",
      ];
    case "battles":
      return [
        "One record per human judgment: two outputs shown side by side (sides shuffled), the annotator's verdict (model_a, " +
          "model_b, tie, or both bad), with each output's word count and Markdown style counts for length- and style-controlled " +
          "win rates.",
      ];
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function agreement(figures: CardFigures): string[] {
  const lines: string[] = [];
  if (figures.votes) {
    const v = figures.votes;
    lines.push(
      `- ${v.pairs} of ${figures.sourceRows} pairs carry human votes: ${v.meanVotes.toFixed(2)} judgments per pair on average, ` +
        `mean agreement with the pair's direction ${v.meanAgreement.toFixed(3)}, unanimous ${v.unanimous} (${pct(v.unanimous / v.pairs)}).`,
    );
  }
  if (figures.meanConfidence !== undefined)
    lines.push(`- Mean posterior probability of the weighted verdict: ${figures.meanConfidence.toFixed(3)}.`);
  if (figures.battles) {
    const b = figures.battles;
    const winners = Object.entries(b.winners)
      .map(([w, n]) => `${w} ${n}`)
      .join(", ");
    lines.push(`- ${figures.sourceRows} judgments by ${b.annotators} annotators of ${b.comparisons} comparisons; verdicts: ${winners}.`);
    if (b.multiJudged > 0)
      lines.push(
        `- Of the ${b.multiJudged} comparisons judged more than once, ${b.unanimous} (${pct(b.unanimous / b.multiJudged)}) got the same verdict from every annotator.`,
      );
  }
  return lines.length ? lines : ["No human votes in this selection."];
}

/** The export's parameters as `key=value`, the same names as GET /api/exports and (kebab-cased) the CLI. */
function parameters(query: ExportQuery): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : String(v)}`)
    .join(" ");
}

export function datasetCard(input: CardInput): string {
  const { query, origin, figures, splits } = input;
  const split = splits.length > 1;
  const prose = [
    `# ${title(input)}`,
    "",
    `Exported by longpref ${input.version} on ${input.createdAt}: ${input.selection}.`,
    "",
    "## Loading",
    "",
    "```python",
    "from datasets import load_dataset",
    "",
    'ds = load_dataset("path/to/this/folder")  # or the Hub repository id after push_to_hub',
    split ? 'train, test = ds["train"], ds["test"]' : 'train = ds["train"]',
    "```",
    "",
    "## Contents",
    "",
    "| split | rows | file |",
    "|---|---|---|",
    ...splits.map((s) => `| ${s.split} | ${s.rows} | ${s.path} |`),
    "",
    ...(query.format === "kto"
      ? ["Each pair gives two KTO rows: its chosen output (label true) and its rejected one (label false).", ""]
      : []),
    `Format \`${query.format}\`, columns:`,
    "",
    ...input.fields.map((f) => `- \`${f.name}\`: ${typeName(f.type)}${f.nullable ? " (may be null)" : ""}`),
    "",
    "## Provenance",
    "",
    ...(origin.set ? [`- Instruction set: ${origin.set}`] : []),
    ...(origin.run
      ? [`- Pair run ${origin.run.id}: judge ${origin.run.judge}, template ${origin.run.template}, strategy ${origin.run.strategy}`]
      : []),
    ...(origin.campaigns
      ? [`- Human judgments: ${origin.campaigns.label}${origin.campaigns.kind ? ` (${origin.campaigns.kind})` : ""}`]
      : []),
    `- Models (rows): ${figures.models.map((m) => `${m.name} (${m.rows})`).join(", ") || "none"}`,
    `- Languages: ${figures.languages.join(", ") || "none"}`,
    `- Export parameters: \`${parameters(query)}\``,
    `- longpref version: ${input.version}`,
    ...(split
      ? [`- Split by instruction (every row of an instruction on one side): test share ${query.test_share}, seed ${query.split_seed ?? 0}.`]
      : []),
    "",
    "## How the rows were made",
    "",
    ...recipe(query, origin)
      .filter(Boolean)
      .flatMap((p) => [p, ""]),
    "## Agreement",
    "",
    ...agreement(figures),
    "",
    ...(isPairFormat(query.format) || query.format === "kto"
      ? [
          "## Limitations",
          "",
          "A pair says only that one output was preferred to the other, not that the rejected one is bad" +
            (query.format === "kto" ? "; KTO's undesirable label assumes it is." : "."),
          "",
        ]
      : []),
  ];
  return `${[...frontMatter(input), "", ...prose].join("\n").trimEnd()}\n`;
}
