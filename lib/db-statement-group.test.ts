import { describe, expect, it } from "vitest";
import { createStatementGroup, type Pending } from "./db-statement-group";

/** A group whose statements are recorded and settled by the test (no database: the queueing alone). */
function recordingGroup({ maxBatch = 32, maxInFlight = 3 } = {}) {
  const sent: Pending<number, number>[][] = [];
  const send = createStatementGroup<number, number>({
    maxBatch,
    maxInFlight,
    run: (batch) =>
      new Promise<void>((done) => {
        sent.push(batch);
        // Settled on a later turn, as a database answer would be.
        setTimeout(() => {
          batch.forEach((item) => item.resolve(item.input * 10));
          done();
        }, 5);
      }),
  });
  return { sent, send };
}

describe("statement group", () => {
  it("sends what arrives in one turn as one statement, though slots are free", async () => {
    const { sent, send } = recordingGroup();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => send(n)));
    expect(answers).toEqual([10, 20, 30, 40, 50]);
    expect(sent.map((batch) => batch.map((item) => item.input))).toEqual([[1, 2, 3, 4, 5]]);
  });

  it("sends a lone item without waiting for a timer", async () => {
    const { sent, send } = recordingGroup();
    void send(7);
    expect(sent).toHaveLength(0);
    await new Promise((done) => setImmediate(done));
    expect(sent.map((batch) => batch.map((item) => item.input))).toEqual([[7]]);
  });

  it("rejects a batch's items when sending it throws, even synchronously, and goes on", async () => {
    let calls = 0;
    const send = createStatementGroup<number, number>({
      maxBatch: 4,
      maxInFlight: 1,
      run: ((batch: Pending<number, number>[]) => {
        calls += 1;
        if (calls === 1) throw new Error("driver gone");
        batch.forEach((item) => item.resolve(item.input));
        return Promise.resolve();
      }) as (batch: Pending<number, number>[]) => Promise<void>,
    });
    await expect(Promise.all([send(1), send(2)])).rejects.toThrow("driver gone");
    expect(await send(3)).toBe(3);
  });

  it("keeps to the batch size and the statements in flight; what waits goes together when a slot frees", async () => {
    const { sent, send } = recordingGroup({ maxBatch: 2, maxInFlight: 2 });
    const first = Array.from({ length: 5 }, (_, n) => send(n));
    await new Promise((done) => setImmediate(done));
    // Two statements of two in flight; the fifth waits for a slot.
    expect(sent.map((batch) => batch.map((item) => item.input))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const later = [send(5), send(6)];
    expect(await Promise.all([...first, ...later])).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(sent.slice(2).map((batch) => batch.map((item) => item.input))).toEqual([[4, 5], [6]]);
  });
});
