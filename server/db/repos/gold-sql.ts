// SQL pieces every statistic and export shares to leave gold pairs and excluded annotators out
// (docs/decisions/039-gold-pairs.md).

/** SQL: the comparison aliased `c` is an ordinary one, not a gold pair. */
export const realComparison = (c: string) => `${c}.gold_answer IS NULL`;

/** SQL: the human judgment aliased `x` counts: its annotator is not excluded from its campaign. */
export const countedJudgment = (x: string) =>
  `NOT EXISTS (SELECT 1 FROM annotator_standings sx WHERE sx.campaign_id = ${x}.campaign_id AND sx.user_id = ${x}.user_id AND sx.state = 'excluded')`;

/** SQL: the judgment `x` of comparison `c` enters statistics and exports. */
export const statJudgment = (x: string, c: string) => `${realComparison(c)} AND ${countedJudgment(x)}`;
