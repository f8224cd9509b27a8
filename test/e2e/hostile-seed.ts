import type { User } from "../../shared/schemas/user";
import { hashPassword } from "../../server/auth/password";
import { hashSecret, newSecret } from "../../server/auth/secret";
import { createCampaign } from "../../server/campaigns/create";
import { annotationQueue } from "../../server/campaigns/queue";
import type { Context } from "../../server/context";
import { createSamplingJob } from "../../server/sampling/jobs";
import { createWorkspace } from "../helpers/factories";
import { seedJudgeScores } from "../helpers/judging";
import { password } from "../helpers/test-app";

/**
 * Markup a model, an importer or a colleague may write. Had any of it run, it would set `window.xss`, open a
 * dialog or send a request (to /xss-hit or attacker.example), all of which the browser test watches; had it
 * been rendered as HTML, an element carrying `data-xss` (or an on* attribute) would exist.
 * `shown` is the text a reader sees when the field is rendered as Markdown instead of verbatim.
 */
export interface Payload {
  id: string;
  text: string;
  shown?: string;
}

export const attackerHost = "attacker.example";

export const payloads: Payload[] = [
  { id: "script", text: `<script data-xss>window.xss='script';fetch('/xss-hit?script')</script>` },
  { id: "img-onerror", text: `<img data-xss src=x onerror="window.xss='img';alert('img')">` },
  { id: "svg-onload", text: `<svg data-xss onload="window.xss='svg'"><circle r=9 /></svg>` },
  { id: "iframe-srcdoc", text: `<iframe data-xss srcdoc="<script>parent.xss='iframe'</script>"></iframe>` },
  { id: "a-javascript", text: `<a data-xss href="javascript:window.xss='a';alert('a')">html js link</a>` },
  { id: "md-javascript", text: `[md js link](javascript:alert('md-link'))`, shown: "md js link" },
  { id: "autolink-javascript", text: `<javascript:alert('autolink')>`, shown: "javascript:alert('autolink')" },
  { id: "md-data-url", text: `[md data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, shown: "md data link" },
  { id: "a-data-url", text: `<a data-xss href="data:text/html,<script>alert('data')</script>">html data link</a>` },
  {
    id: "entities",
    text: `&lt;img data-xss src=x onerror=alert('entity')&gt; &amp;amp;`,
    shown: `<img data-xss src=x onerror=alert('entity')> &amp;`,
  },
  { id: "style", text: `<style data-xss>body{background:url(https://${attackerHost}/style)}</style>` },
  { id: "form", text: `<form data-xss action="https://${attackerHost}/form"><button>form button</button></form>` },
  {
    id: "md-image",
    text: `![tracking pixel](https://${attackerHost}/pixel.png)`,
    shown: `tracking pixel — https://${attackerHost}/pixel.png`,
  },
  { id: "autolink", text: `<https://${attackerHost}/autolink>`, shown: `https://${attackerHost}/autolink` },
  { id: "comment", text: `<!-- html comment --><b data-xss>bold tag</b>` },
  { id: "textarea-breakout", text: `</textarea><script data-xss>window.xss='textarea'</script>` },
  { id: "template", text: `{{constructor.constructor('window.xss="template"')()}}` },
  { id: "meta-refresh", text: `<meta data-xss http-equiv="refresh" content="0;url=https://${attackerHost}/meta">` },
  { id: "object", text: `<object data-xss data="https://${attackerHost}/object"></object>` },
];

/** A field's value: its tag (so the test can find where it shows) and then markup. */
export const tagged = (field: string, ...parts: string[]) => [`‹${field}›`, ...parts].join(" ");
/** Long fields (outputs, prompts, guidelines) hold every payload, one paragraph each, and a heading. */
export const allPayloads = (field: string) =>
  [`‹${field}›`, `# Heading ${payloads[1]!.text}`, ...payloads.map((p) => p.text), `‹/${field}›`].join("\n\n");
/** Short fields (names) hold one payload each, taken in turn. */
let next = 0;
const one = (field: string) => tagged(field, payloads[next++ % payloads.length]!.text);

/** Every string the UI shows that a user or a model supplied, and where it was written. */
export interface HostileWorld {
  setId: number;
  runId: number;
  campaignId: number;
  demoCampaignId: number;
  samplingJobId: number;
  failedJudgeJobId: number;
  demoJudgeJobId: number;
  sampleIds: { hostile: number; agentwrite: number; failed: number };
  instructionId: number;
  annotator: User;
  researcher: User;
  /** field -> its value, for the visibility checks. */
  fields: Map<string, string>;
  adminPassword: string;
}

export async function seedHostileWorld(ctx: Context): Promise<HostileWorld> {
  const adminPassword = "admin-first-pass";
  // The test workspace; its models, judge job and campaign keep the field names they had when this world was
  // built on the demo ("model-demo-writer", "demo-campaign-name", …): the workspace's stand where the demo's did.
  const w = await createWorkspace(ctx, { adminPassword });
  const db = ctx.db;
  const fields = new Map<string, string>();
  const put = (field: string, value: string) => {
    fields.set(field, value);
    return value;
  };
  const admin = ctx.users.findByName("admin")!;
  const setId = w.set.id;

  // The username rules (letters, digits, _ . -) refuse markup over the API and the CLI; these rows stand
  // for an account written before the rules, or by hand: the UI must still show them as text.
  const hash = await hashPassword(password);
  const annotator = ctx.users.create(
    put("annotator-name", tagged("annotator-name", "<img data-xss src=x onerror=alert(1)>")),
    "annotator",
    hash,
    new Date(),
  );
  const researcher = ctx.users.create(
    put("researcher-name", tagged("researcher-name", "<script data-xss>alert(2)</script>")),
    "researcher",
    hash,
    new Date(),
  );
  ctx.apiTokens.create(admin.id, put("token-name", one("token-name")), "lp_xss", hashSecret(newSecret("lp_")), new Date());

  db.prepare("UPDATE instruction_sets SET name = ?, description = ?, source = ? WHERE id = ?").run(
    put("set-name", one("set-name")),
    put("set-description", allPayloads("set-description")),
    put("set-source", one("set-source")),
    setId,
  );
  const meta = JSON.stringify({ [tagged("meta-key", payloads[0]!.text)]: put("meta-value", allPayloads("meta-value")) });
  fields.set("meta-key", tagged("meta-key", payloads[0]!.text));
  const categories = db
    .prepare("SELECT category FROM instructions WHERE set_id = ? GROUP BY category ORDER BY MIN(id)")
    .pluck()
    .all(setId) as string[];
  categories.forEach((c, i) =>
    db
      .prepare("UPDATE instructions SET category = ? WHERE set_id = ? AND category = ?")
      .run(put(`category-${i}`, one(`category-${i}`)), setId, c),
  );
  db.prepare(
    `UPDATE instructions SET prompt = ? || char(10) || char(10) || prompt, external_id = ? || ' ' || external_id, metadata = ? WHERE set_id = ?`,
  ).run(put("prompt", allPayloads("prompt")), put("external-id", one("external-id")), meta, setId);

  for (const [name, id] of [
    ["demo-writer", w.models.writer.id],
    ["demo-reference", w.models.reference.id],
    ["demo-judge", w.models.judge.id],
  ] as const) {
    const model = { id };
    db.prepare("UPDATE models SET name = ?, model = ?, base_urls = ? WHERE id = ?").run(
      put(`model-${name}`, one(`model-${name}`)),
      put(`model-id-${name}`, one(`model-id-${name}`)),
      JSON.stringify([put(`base-url-${name}`, `http://127.0.0.1:9/v1?${one(`base-url-${name}`)}`)]),
      model.id,
    );
  }
  db.prepare("UPDATE samples SET text = ? || char(10) || char(10) || text").run(put("output", allPayloads("output")));

  // The workspace judge's analyses and answers; then a judge with a hostile template that fails on every
  // sample, its raw answers and error reasons hostile.
  const demoJudgeJobId = w.judgeJobId;
  db.prepare("UPDATE judge_scores SET analysis = ?, raw_answer = ?").run(
    put("judge-analysis", allPayloads("judge-analysis")),
    put("judge-answer", allPayloads("judge-answer")),
  );
  const judgeModelId = w.models.judge.id;
  const template = ctx.judgeTemplates.create(
    put("template-name", one("template-name")),
    `$INST$ $RESPONSE$\n\n${put("template-text", allPayloads("template-text"))}`,
    admin.id,
    new Date(),
  );
  const failedJudgeJobId = seedJudgeScores(
    ctx,
    setId,
    judgeModelId,
    () => put("failed-raw-answer", allPayloads("failed-raw-answer")),
    template.id,
  );
  db.prepare("UPDATE judge_scores SET last_error = ? WHERE job_id = ?").run(put("judge-error", one("judge-error")), failedJudgeJobId);

  // A sampling job of the writer: an AgentWrite sample with a hostile plan and steps, failures with hostile
  // reasons, the rest waiting (no runner in the test); paused, so nothing changes while pages are read.
  const writerId = db.prepare("SELECT model_id FROM samples ORDER BY id LIMIT 1").pluck().get() as number;
  const samplingJobId = createSamplingJob(
    ctx,
    {
      set_id: setId,
      model_id: writerId,
      n: 1,
      strategy: "agentwrite",
      plan_template: put("plan-template", `$INST$ ${one("plan-template")}`),
      write_template: put("write-template", `$STEP$ ${one("write-template")}`),
    },
    admin.id,
  );
  db.prepare("UPDATE sampling_jobs SET status = 'paused' WHERE id = ?").run(samplingJobId);
  const jobSamples = db.prepare("SELECT id FROM samples WHERE job_id = ? ORDER BY id").pluck().all(samplingJobId) as number[];
  const now = new Date().toISOString();
  const [agentwrite, ...rest] = jobSamples;
  db.prepare(
    `UPDATE samples SET status = 'done', text = ?, plan = ?, steps = ?, word_count = 40, finish_reason = 'stop', attempts = 1, updated_at = ?, finished_at = ? WHERE id = ?`,
  ).run(fields.get("output")!, put("plan", allPayloads("plan")), JSON.stringify([put("step", allPayloads("step"))]), now, now, agentwrite);
  const failed = rest.slice(0, 3);
  const sampleError = put("sample-error", one("sample-error"));
  for (const id of failed) {
    db.prepare(`UPDATE samples SET status = 'failed', attempts = 3, last_error = ?, updated_at = ?, finished_at = ? WHERE id = ?`).run(
      sampleError,
      now,
      now,
      id,
    );
  }

  // A campaign with hostile name and guidelines, and the workspace's renamed; both judged with hostile rationales.
  const demoCampaign = { id: w.campaign.id };
  db.prepare("UPDATE campaigns SET name = ?, settings = json_set(settings, '$.guidelines', ?) WHERE id = ?").run(
    put("demo-campaign-name", one("demo-campaign-name")),
    put("demo-guidelines", allPayloads("demo-guidelines")),
    demoCampaign.id,
  );
  const campaignId = createCampaign(
    ctx,
    {
      name: put("campaign-name", one("campaign-name")),
      set_id: setId,
      source: { kind: "vs-reference", model_id: writerId },
      annotators: "all",
      settings: { judgments_per_comparison: 3, guidelines: put("guidelines", allPayloads("guidelines")) },
    },
    admin.id,
  );
  // The researcher and a second annotator judge every comparison of the new campaign (so analytics names
  // them in its agreement tables), the annotator two of the workspace's; the annotator's own item is left for the UI.
  const second = ctx.users.create(
    put("second-annotator-name", tagged("second-annotator-name", "<svg data-xss onload=alert(3)>")),
    "annotator",
    hash,
    new Date(),
  );
  const queue = annotationQueue(ctx, () => 0.3);
  const rationale = put("rationale", allPayloads("rationale"));
  const verdicts = ["left", "right", "tie", "left"] as const;
  for (const [user, campaign, count] of [
    [researcher, campaignId, 99],
    [second, campaignId, 99],
    [annotator, demoCampaign.id, 2],
  ] as const) {
    for (let k = 0, item = queue.next(campaign, user); item && k < count; k++, item = queue.next(campaign, user)) {
      const verdict = verdicts[(k + user.id) % verdicts.length]!;
      queue.submit(item.assignment_id, user, {
        verdict,
        rationale,
        time_ms: 5000,
        coverage_left: 1,
        coverage_right: 1,
        idempotency_key: `hostile-${user.id}-${campaign}-${k}`,
      });
    }
  }

  const runId = w.pairRunId;
  const instructionId = db
    .prepare("SELECT instruction_id FROM pair_proposals WHERE run_id = ? ORDER BY id LIMIT 1")
    .pluck()
    .get(runId) as number;
  const hostile = db
    .prepare("SELECT id FROM samples WHERE instruction_id = ? AND job_id != ? ORDER BY id LIMIT 1")
    .pluck()
    .get(instructionId, samplingJobId) as number;
  // What annotators see of the two campaigns: their titles (set last, so every field above keeps its payload).
  const setTitle = db.prepare("UPDATE campaigns SET title = ? WHERE id = ?");
  setTitle.run(put("campaign-title", one("campaign-title")), campaignId);
  setTitle.run(put("demo-campaign-title", one("demo-campaign-title")), demoCampaign.id);
  return {
    setId,
    runId,
    campaignId,
    demoCampaignId: demoCampaign.id,
    samplingJobId,
    failedJudgeJobId,
    demoJudgeJobId,
    sampleIds: { hostile, agentwrite: agentwrite!, failed: failed[0]! },
    instructionId,
    annotator,
    researcher,
    fields,
    adminPassword,
  };
}
