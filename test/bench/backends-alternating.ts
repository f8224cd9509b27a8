import { closeConnections, percentileOf, percentiles } from "./annotation-load";
import { runPaced, serve } from "./annotation-phases";
import type { BenchDb } from "./annotation-build";
import { type Backend, serversOf } from "./backends-build";

// Issue #19 compares the backends "side by side, same machine"; run one after the other they are measured
// minutes apart on a machine whose speed drifts by 2× within an hour. Here both are served at once and paced
// slices go to each in turn (which one goes first alternates by round), so each p99 comes from the same stretch
// of time as the other's. Slices are short: a round's two slices see the same machine.
const rounds = 6;
const sliceS = 8;
const warmS = 3;

export async function alternatePaced(served: { backend: Backend; bench: BenchDb }[]): Promise<void> {
  const running = await Promise.all(served.map((s) => serve(s.bench, s.backend.servers)));
  try {
    // JIT and caches warm on each before anything is counted.
    for (const [i, s] of served.entries()) await runPaced(running[i]!.annotators, s.bench.campaignId, warmS);
    const all = served.map(() => ({ next: [] as number[], submit: [] as number[], errors: new Map<string, number>() }));
    const roundP99: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? served.map((_, i) => i) : served.map((_, i) => i).reverse();
      const p99 = new Map<number, string>();
      for (const i of order) {
        const stats = await runPaced(running[i]!.annotators, served[i]!.bench.campaignId, sliceS);
        all[i]!.next.push(...stats.nextMs);
        all[i]!.submit.push(...stats.submitMs);
        for (const [key, n] of stats.unexpected) all[i]!.errors.set(key, (all[i]!.errors.get(key) ?? 0) + n);
        const p99Of = (ms: number[]) => percentileOf(Float64Array.from(ms).sort(), 99).toFixed(1);
        p99.set(i, `${p99Of(stats.nextMs)} / ${p99Of(stats.submitMs)} ms`);
      }
      roundP99.push(served.map((s, i) => `${s.backend.name} ${p99.get(i)}`).join(", "));
    }
    for (const [i, s] of served.entries()) {
      console.log(
        `backends alternating ${s.backend.name} paced (${serversOf(s.backend)}, ${rounds} slices of ${sliceS} s taking turns with the other backend): ` +
          `next-item ${percentiles(all[i]!.next)}; submit ${percentiles(all[i]!.submit)} (goal p99 < 20 ms); errors ${[...all[i]!.errors].map(([key, n]) => `${key} × ${n}`).join(", ") || "none"}`,
      );
    }
    console.log(`backends alternating p99 next-item / submit per round: ${roundP99.map((r, k) => `${k + 1}: ${r}`).join("; ")}`);
  } finally {
    closeConnections();
    await Promise.all(running.map((r) => r.stop()));
  }
}
