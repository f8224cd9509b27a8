import request from "supertest";
import { hashPassword } from "../../server/auth/password";
import { CampaignResponseSchema } from "../../shared/schemas/campaigns";
import { startServer } from "../helpers/browser";
import { createWorkspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

// The annotation screen's benchmark world: the real server on a real SQLite file, one annotator, a campaign of
// `items` comparisons of which two carry 20,000-word Markdown outputs on both sides.

/** About `words` words of Markdown: headings, paragraphs, lists, emphasis, a table now and then. */
export function longMarkdown(words: number, seed: number): string {
  const vocabulary = "the story river morning light village winter letters quiet harbour memory garden promise distance".split(" ");
  let n = seed;
  const word = () => vocabulary[(n = (n * 1103515245 + 12345) % 2147483648) % vocabulary.length]!;
  const sentence = (len: number) => {
    const w = Array.from({ length: len }, word);
    w[0] = w[0]!.charAt(0).toUpperCase() + w[0]!.slice(1);
    if (len > 6) w[3] = `**${w[3]}**`;
    return `${w.join(" ")}.`;
  };
  const parts: string[] = [];
  let count = 0;
  for (let chapter = 1; count < words; chapter++) {
    parts.push(`## Chapter ${chapter}: ${word()} ${word()}`);
    for (let p = 0; p < 6 && count < words; p++) {
      const paragraph = Array.from({ length: 5 }, () => sentence(14)).join(" ");
      parts.push(paragraph);
      count += 70;
    }
    parts.push(Array.from({ length: 4 }, () => `- ${sentence(8)}`).join("\n"));
    count += 32;
    if (chapter % 5 === 0) parts.push(`| ${word()} | ${word()} |\n| --- | --- |\n| ${word()} | ${word()} |`);
  }
  return parts.join("\n\n");
}

export async function benchWorld(items: number, longAt: readonly number[]) {
  // BENCH_CLIENT_DIR: another build of the client (an older one, for before/after figures) against this server.
  const clientDir = process.env.BENCH_CLIENT_DIR;
  const server = await startServer(clientDir ? { app: { clientDir } } : {});
  const w = await createWorkspace(server.ctx, { adminPassword: password, withOutputs: items, instructions: items });
  const admin = request.agent(server.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  await admin.patch(`/api/campaigns/${w.campaign.id}`).send({ status: "closed" }).expect(200);
  const created = await admin
    .post("/api/campaigns")
    .send({
      name: "Bench study",
      set_id: w.set.id,
      source: { kind: "vs-reference", model_id: w.models.writer.id },
      annotators: "all",
      settings: { judgments_per_comparison: 1 },
    })
    .expect(201);
  const campaign = CampaignResponseSchema.parse(created.body).campaign;
  // The queue hands comparisons out by id: the ones at `longAt` get 20,000 words on both sides.
  const rows = server.db
    .prepare("SELECT id, sample_a_id, sample_b_id FROM comparisons WHERE campaign_id = ? ORDER BY id")
    .all(campaign.id) as {
    sample_a_id: number;
    sample_b_id: number;
  }[];
  const setText = server.db.prepare("UPDATE samples SET text = ?, word_count = 20000 WHERE id = ?");
  for (const index of longAt) {
    const row = rows[index]!;
    setText.run(longMarkdown(20_000, index * 2 + 1), row.sample_a_id);
    setText.run(longMarkdown(20_000, index * 2 + 2), row.sample_b_id);
  }
  await server.ctx.users.create("bench-annotator", "annotator", await hashPassword(password), new Date());
  return { server, campaignId: campaign.id, comparisons: rows.length };
}
