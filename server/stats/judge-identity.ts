// The annotator name a judge's combined verdicts carry in statistics (docs/decisions/035-judge-beside-the-humans.md).
// The "judge:" prefix keeps it apart from every username (usernames cannot hold ":"), and the template is named
// unless it is the builtin pairwise one, so two templates of one judge model are two annotators.

/** "judge:MODEL" for the builtin pairwise template, "judge:MODEL [TEMPLATE NAME]" otherwise. */
export function identityOf(modelName: string, template: { name: string; builtin: boolean }): string {
  return template.builtin ? `judge:${modelName}` : `judge:${modelName} [${template.name}]`;
}
