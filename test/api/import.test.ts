import { afterEach, describe, expect, it } from "vitest";
import { readFixture } from "../helpers/fixtures";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

const rowCount = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("importing instruction sets", () => {
  it("imports LongBench-Write's 120 prompts with their lengths, types and ranges", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const res = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "LongBench-Write", file_name: "longbench_write.jsonl", content: readFixture("longwriter/longbench_write.jsonl") })
      .expect(201);
    expect(res.body.set.instruction_count).toBe(120);
    const { counts } = res.body;
    expect(counts.ranges).toEqual(["[0,500)", "[500,2000)", "[2000,4000)", "[4000,∞)"]);
    const perRange = (range: string) =>
      Object.values(counts.cells as Record<string, Record<string, number>>).reduce((s, c) => s + (c[range] ?? 0), 0);
    expect(counts.ranges.map(perRange)).toEqual([26, 36, 31, 27]);
    expect(counts.cells["Academic and Monograph"]).toEqual({ "[0,500)": 1, "[500,2000)": 6, "[2000,4000)": 7, "[4000,∞)": 8 });
    expect(counts.cells["Literature and Creative Writing"]).toEqual({ "[0,500)": 5, "[500,2000)": 5, "[2000,4000)": 10, "[4000,∞)": 11 });

    const stored = t.db.prepare("SELECT * FROM instructions WHERE position = 120").get() as Record<string, unknown>;
    expect(stored).toMatchObject({ required_length: 20000, length_source: "field", length_range: "[4000,∞)", lang: "zh" });
    expect(rowCount("instructions")).toBe(120);

    const filtered = await agent.get("/api/instructions").query({ set: res.body.set.id, range: "[4000,∞)", page_size: 100 }).expect(200);
    expect(filtered.body.total).toBe(27);
    const en = await agent.get("/api/instructions").query({ set: res.body.set.id, lang: "en" }).expect(200);
    expect(en.body.total).toBe(59);
  });

  it("imports the ruler with its Chinese type names", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const res = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "Ruler", format: "longbench", content: readFixture("longwriter/longwrite_ruler.jsonl") })
      .expect(201);
    expect(res.body.set.instruction_count).toBe(48);
    expect(res.body.counts.categories).toEqual(["学术与专著", "文学与创作", "社区论坛", "科普介绍"]);
    expect(res.body.counts.cells.社区论坛).toEqual({ "[500,2000)": 2, "[2000,4000)": 2, "[4000,∞)": 8 });
  });

  it("previews with a dry run and writes nothing", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const res = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "x", dry_run: true, content: readFixture("longwriter/longbench_write.jsonl") })
      .expect(200);
    expect(res.body.count).toBe(120);
    expect(res.body.instructions[0]).toEqual({
      external_id: "1",
      prompt: "Write an outline for a short 100-word blog post about why Christmas Cactus are a great buy.",
      required_length: 100,
      length_source: "field",
      lang: "en",
      length_range: "[0,500)",
      category: "Community Forum",
    });
    expect(rowCount("instruction_sets")).toBe(0);
  });

  it("fails the whole import, listing every bad line, and writes nothing", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const content = [
      '{"id": "a", "prompt": "Write a 300-word poem", "length": 300}',
      "{not json",
      '{"id": "b", "length": 200}',
      '{"id": "c", "prompt": "Write something", "length": -5}',
      '{"id": "a", "prompt": "Write again", "length": 100}',
      "[1, 2]",
      '{"id": "d", "prompt": "Write an essay", "length": "3000"}',
      '{"id": "e", "prompt": "Write \\u0000 nothing"}',
    ].join("\n");
    const res = await agent.post("/api/instruction-sets/import").send({ name: "bad", format: "jsonl", content }).expect(400);
    expect(res.body.error).toBe("invalid_file");
    const lines = res.body.details.lines as { line: number; message: string }[];
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5, 6, 8]);
    expect(lines[0]!.message).toMatch(/not JSON/);
    expect(lines[1]!.message).toMatch(/missing prompt/);
    expect(lines[2]!.message).toMatch(/positive integer/);
    expect(lines[3]!.message).toMatch(/duplicate id "a" \(first on line 1\)/);
    expect(lines[4]!.message).toMatch(/not a JSON object/);
    // Refused on both backends alike (PostgreSQL's text cannot hold NUL).
    expect(lines[5]!.message).toBe('column "prompt": must not contain NUL characters');
    expect(rowCount("instruction_sets")).toBe(0);
    expect(rowCount("instructions")).toBe(0);
  });

  it("imports CSV with a column mapping, parses lengths from prompts and keeps other columns as metadata", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const content = [
      "uid,text,genre,source",
      'q1,"Write a 1,500-word essay on tides, with ""quotes""",essay,forum',
      "q2,写一篇不少于2000字的散文,prose,web",
      "q3,Write a haiku,poem,book",
      "q4,Write a limerick in no more than 50 words,,",
    ].join("\n");
    const res = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "csv set", file_name: "x.csv", mapping: { id: "uid", prompt: "text", category: "genre" }, content })
      .expect(201);
    const page = await agent.get("/api/instructions").query({ set: res.body.set.id }).expect(200);
    const items = page.body.items as Record<string, unknown>[];
    expect(items.map((i) => [i.external_id, i.required_length, i.length_source, i.lang, i.category])).toEqual([
      ["q1", 1500, "parsed", "en", "essay"],
      ["q2", 2000, "parsed", "zh", "prose"],
      ["q3", null, "none", "en", "poem"],
      ["q4", 50, "parsed", "en", null],
    ]);
    expect(items[0]!.metadata).toEqual({ source: "forum" });
    expect(items[0]!.prompt).toBe('Write a 1,500-word essay on tides, with "quotes"');
    const none = await agent.get("/api/instructions").query({ set: res.body.set.id, range: "none" }).expect(200);
    expect(none.body.total).toBe(1);
    const noCategory = await agent.get("/api/instructions").query({ set: res.body.set.id, category: "(none)" }).expect(200);
    expect(noCategory.body.items.map((i: { external_id: string }) => i.external_id)).toEqual(["q4"]);
  });

  it("names an unknown mapped column and a CSV row with the wrong number of fields", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const unknown = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "m", format: "csv", mapping: { prompt: "instruction" }, content: "text\nWrite a poem\n" })
      .expect(400);
    expect(unknown.body.details.lines[0].message).toMatch(/unknown column in the mapping: prompt → "instruction"/);
    const ragged = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "m", format: "csv", content: "prompt,length\nWrite a poem,100\nWrite,200,extra\n" })
      .expect(400);
    expect(ragged.body.details.lines).toEqual([{ line: 3, message: "has 3 fields, the header has 2" }]);
    expect(rowCount("instructions")).toBe(0);
  });

  it("refuses text with an unpaired surrogate, naming its line, where SQLite would store U+FFFD instead", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    // The JSON escape \ud800 on line 2; a paired escape (\ud83d\ude00, an emoji) on line 1 is fine.
    const jsonl = '{"prompt": "Write about \\ud83d\\ude00"}\n{"prompt": "Write \\ud800 here"}\n';
    const escaped = await agent.post("/api/instruction-sets/import").send({ name: "s", format: "jsonl", content: jsonl }).expect(400);
    expect(escaped.body.details.lines).toEqual([{ line: 2, message: expect.stringMatching(/unpaired UTF-16 surrogate/) }]);
    // A lone surrogate in the uploaded text itself (a JSON body can carry one), in a CSV.
    const csv = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "s", format: "csv", content: "prompt\nWrite a poem\nWrite \udc00 here\n" })
      .expect(400);
    expect(csv.body.details.lines).toEqual([{ line: 3, message: expect.stringMatching(/unpaired UTF-16 surrogate/) }]);
    expect(rowCount("instructions")).toBe(0);
    const ok = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "s", format: "jsonl", content: jsonl.split("\n")[0] })
      .expect(201);
    expect(ok.body.set.instruction_count).toBe(1);
    expect((t.db.prepare("SELECT prompt FROM instructions").get() as { prompt: string }).prompt).toBe("Write about \u{1F600}");
  });

  it("answers 413 for a body over the limit and 409 for a taken name", async () => {
    t = testApp({ maxBodyBytes: 10_000 });
    const agent = await t.agentAs("researcher");
    const big = `{"prompt": "${"x".repeat(20_000)}"}`;
    const res = await agent.post("/api/instruction-sets/import").send({ name: "big", content: big }).expect(413);
    expect(res.body.error).toBe("too_large");
    const small = '{"prompt": "Write a 100-word note"}';
    await agent.post("/api/instruction-sets/import").send({ name: "s", content: small }).expect(201);
    await agent.post("/api/instruction-sets/import").send({ name: "s", content: small }).expect(409);
    expect(rowCount("instruction_sets")).toBe(1);
  });

  it("filters by category and text, pages results, and refuses unknown query fields", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const set = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "LBW", content: readFixture("longwriter/longbench_write.jsonl") })
      .expect(201);
    const id = set.body.set.id;
    const news = await agent.get("/api/instructions").query({ set: id, category: "News Report" }).expect(200);
    expect(news.body.total).toBe(13);
    const search = await agent.get("/api/instructions").query({ set: id, q: "PANDA" }).expect(200);
    expect(search.body.items.map((i: { required_length: number }) => i.required_length)).toEqual([4000]);
    const wildcard = await agent.get("/api/instructions").query({ set: id, q: "100%" }).expect(200);
    expect(wildcard.body.total).toBe(0);
    const page3 = await agent.get("/api/instructions").query({ set: id, page: 3, page_size: 50 }).expect(200);
    expect(page3.body.items).toHaveLength(20);
    expect(page3.body.items[0].position).toBe(101);
    const bad = await agent.get("/api/instructions").query({ set: id, sort: "prompt" }).expect(400);
    expect(bad.body.message).toContain("sort");
    const detail = await agent.get(`/api/instructions/${page3.body.items[0].id}`).expect(200);
    expect(detail.body.set.name).toBe("LBW");
    await agent.delete(`/api/instruction-sets/${id}`).expect(200);
    expect(rowCount("instructions")).toBe(0);
  });
});
