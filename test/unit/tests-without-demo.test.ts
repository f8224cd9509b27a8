import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const testDir = fileURLToPath(new URL("..", import.meta.url));

// The tests of the demo itself (with api/start.test.ts, which starts `npm start` as it is); every other test
// makes its rows with test/helpers/factories.ts.
const demoTests = ["api/database.test.ts", "e2e/admin-journey.test.ts"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("test fixtures", () => {
  it("build on factories, not on the demo workspace, outside the tests of the demo", () => {
    const readers = files(testDir)
      .filter((f) => !f.includes(`${join("test", "bench")}`) && !f.includes(`${join("test", "load")}`))
      .filter((f) => {
        const text = readFileSync(f, "utf8");
        // Seeding the demo, or naming its set, models or campaign.
        return /demo:\s*true/.test(text) || /\bdemo(SetName|CampaignName|ReferenceModel)\b/.test(text) || /findByName\("demo-/.test(text);
      })
      .map((f) => relative(testDir, f).split("\\").join("/"))
      .filter((f) => f !== "unit/tests-without-demo.test.ts")
      .sort();
    expect(readers).toEqual(demoTests);
  });
});
