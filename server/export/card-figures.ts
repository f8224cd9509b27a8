import type { BattleRow, PairRow, SftRow } from "./rows";

// What a dataset card says about the rows it describes, gathered while they are written (one pass): models,
// languages, and how far human judgments agreed where the source has votes.

export interface CardFigures {
  /** Rows of the source (pairs, SFT examples, judgments), before a format turns one into several (KTO). */
  sourceRows: number;
  languages: string[];
  /** Models and how many rows each appears in (a pair counts for both of its models). */
  models: { name: string; rows: number }[];
  /** Pairs: how many carry human votes, the mean of their votes and agreement, and the unanimous share. */
  votes?: { pairs: number; meanVotes: number; meanAgreement: number; unanimous: number };
  /** Pairs with the Dawid–Skene weighted majority: the mean posterior probability of their direction. */
  meanConfidence?: number;
  /** Battles: verdict counts, annotators, comparisons, and those judged more than once that all agreed. */
  battles?: { winners: Record<string, number>; annotators: number; comparisons: number; multiJudged: number; unanimous: number };
}

const isPair = (row: object): row is PairRow => "chosen_model" in row;
const isBattle = (row: object): row is BattleRow => "model_a" in row;

export class CardFiguresCollector {
  private sourceRows = 0;
  private readonly languages = new Set<string>();
  private readonly models = new Map<string, number>();
  private voted = 0;
  private votesSum = 0;
  private agreementSum = 0;
  private unanimous = 0;
  private confidenceSum = 0;
  private confident = 0;
  private readonly winners: Record<string, number> = {};
  private readonly annotators = new Set<string>();
  /** Per comparison, the verdicts given (as seen from model_a): memory grows with comparisons, not texts. */
  private readonly verdicts = new Map<string, Set<string>>();
  private readonly judgmentsOf = new Map<string, number>();

  observe(row: PairRow | SftRow | BattleRow) {
    this.sourceRows++;
    this.languages.add(String(row.lang));
    // String(): the speed work may hand texts over as UTF-8 Buffers.
    const model = (name: string) => this.models.set(String(name), (this.models.get(String(name)) ?? 0) + 1);
    if (isPair(row)) {
      model(row.chosen_model);
      if (row.rejected_model !== row.chosen_model) model(row.rejected_model);
      if (row.votes !== undefined && row.votes > 0 && row.agreement !== undefined) {
        this.voted++;
        this.votesSum += row.votes;
        this.agreementSum += row.agreement;
        if (row.agreement === 1) this.unanimous++;
      }
      if (row.confidence !== undefined) {
        this.confident++;
        this.confidenceSum += row.confidence;
      }
    } else if (isBattle(row)) {
      model(row.model_a);
      if (row.model_b !== row.model_a) model(row.model_b);
      this.winners[row.winner] = (this.winners[row.winner] ?? 0) + 1;
      this.annotators.add(row.annotator);
      const seen = this.verdicts.get(row.comparison_id) ?? new Set<string>();
      seen.add(row.winner);
      this.verdicts.set(row.comparison_id, seen);
      this.judgmentsOf.set(row.comparison_id, (this.judgmentsOf.get(row.comparison_id) ?? 0) + 1);
    } else {
      model(row.model);
    }
  }

  figures(): CardFigures {
    const figures: CardFigures = {
      sourceRows: this.sourceRows,
      languages: [...this.languages].sort(),
      models: [...this.models].map(([name, rows]) => ({ name, rows })).sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name)),
    };
    if (this.voted > 0)
      figures.votes = {
        pairs: this.voted,
        meanVotes: this.votesSum / this.voted,
        meanAgreement: this.agreementSum / this.voted,
        unanimous: this.unanimous,
      };
    if (this.confident > 0) figures.meanConfidence = this.confidenceSum / this.confident;
    if (this.verdicts.size > 0) {
      let multiJudged = 0;
      let unanimous = 0;
      for (const [id, seen] of this.verdicts) {
        if ((this.judgmentsOf.get(id) ?? 0) < 2) continue;
        multiJudged++;
        if (seen.size === 1) unanimous++;
      }
      figures.battles = {
        winners: { ...this.winners },
        annotators: this.annotators.size,
        comparisons: this.verdicts.size,
        multiJudged,
        unanimous,
      };
    }
    return figures;
  }
}
