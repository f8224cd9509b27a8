import { afterEach, describe, expect, it, vi } from "vitest";
import type { Context } from "../../server/context";
import { checkpointBatch } from "../../server/sampling/checkpoint-batch";

afterEach(() => {
  vi.useRealTimers();
});

/** A context whose transactions and checkpoints are only recorded. */
function recorder() {
  const transactions: [number, string][][] = [];
  let current: [number, string][] | null = null;
  const ctx = {
    db: {
      transaction: (fn: () => void) => () => {
        current = [];
        fn();
        transactions.push(current);
        current = null;
      },
    },
    samples: {
      checkpoint: (id: number, _owner: string, text: string) => {
        if (current === null) throw new Error("checkpoint outside a transaction");
        current.push([id, text]);
        return true;
      },
    },
  } as unknown as Pick<Context, "db" | "samples">;
  return { ctx, transactions };
}

describe("batched checkpoints", () => {
  it("writes the latest text of every running sample in one transaction per interval", () => {
    vi.useFakeTimers();
    const { ctx, transactions } = recorder();
    const batch = checkpointBatch(ctx, 2000, () => new Date());
    for (let read = 1; read <= 50; read++) for (const id of [1, 2, 3]) batch.note(id, "runner", `sample ${id} after ${read} reads`);
    expect(transactions).toEqual([]);
    vi.advanceTimersByTime(2000);
    expect(transactions).toEqual([
      [
        [1, "sample 1 after 50 reads"],
        [2, "sample 2 after 50 reads"],
        [3, "sample 3 after 50 reads"],
      ],
    ]);
    // Nothing noted since: no empty transaction, and no timer left running.
    vi.advanceTimersByTime(10_000);
    expect(transactions).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not write a text noted by a call that has ended since", () => {
    vi.useFakeTimers();
    const { ctx, transactions } = recorder();
    const batch = checkpointBatch(ctx, 500, () => new Date());
    batch.note(1, "runner", "one");
    batch.note(2, "runner", "two");
    batch.drop(1);
    vi.advanceTimersByTime(500);
    expect(transactions).toEqual([[[2, "two"]]]);
  });
});
