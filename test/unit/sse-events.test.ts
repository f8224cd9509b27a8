import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChoiceCollector } from "../../server/llm/chat-choices";
import { RetryableError } from "../../server/llm/retry";
import { SseParser } from "../../server/llm/sse-events";

/** The events of a stream read in the given pieces, as [type, data]. */
function events(...pieces: string[]): [string, string][] {
  const out: [string, string][] = [];
  const parser = new SseParser((data, type) => out.push([type, data]));
  for (const piece of pieces) parser.push(piece);
  return out;
}

describe("the server-sent events reader", () => {
  it("reads one event per blank line, the space after the colon dropped", () => {
    expect(events('data: {"a":1}\n\ndata:{"b":2}\n\n')).toEqual([
      ["message", '{"a":1}'],
      ["message", '{"b":2}'],
    ]);
  });

  it("joins an event split across reads at every position, even a line over many reads", () => {
    const stream = 'data: {"content":"héllo 中文"}\n\nevent: error\ndata: {"message":"x"}\n\n';
    const whole = events(stream);
    expect(whole).toHaveLength(2);
    for (let i = 0; i <= stream.length; i++) expect(events(stream.slice(0, i), stream.slice(i))).toEqual(whole);
    expect(events(...stream.split(""))).toEqual(whole);
  });

  it("ends lines at CRLF and CR as well as LF, also a CRLF split between two reads", () => {
    const expected = [
      ["message", "one"],
      ["message", "two"],
    ];
    expect(events("data: one\r\n\r\ndata: two\r\n\r\n")).toEqual(expected);
    expect(events("data: one\r\r", "data: two\r\r")).toEqual(expected);
    expect(events("data: one\r", "\n\r", "\ndata: two\r\n\r", "\n")).toEqual(expected);
  });

  it("skips comments and unknown fields, and dispatches no event without data", () => {
    expect(events(": keep-alive\n\n", "id: 7\nretry: 100\nfoo: bar\n\n", ": ping\ndata: x\n\n")).toEqual([["message", "x"]]);
  });

  it("joins several data lines with a newline and keeps an empty data line", () => {
    expect(events("data: first\ndata:\ndata: third\n\n")).toEqual([["message", "first\n\nthird"]]);
    expect(events("data\n\n")).toEqual([["message", ""]]);
  });

  it("names an event by its event field, for that event only", () => {
    expect(events('event: error\ndata: {"error":{}}\n\ndata: next\n\n')).toEqual([
      ["error", '{"error":{}}'],
      ["message", "next"],
    ]);
  });

  it("drops a leading byte order mark and never dispatches an unfinished last event", () => {
    expect(events("\uFEFFdata: a\n\ndata: cut off")).toEqual([["message", "a"]]);
  });

  it("reads any stream the same however it is split (property)", () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom("a", "é", "中", " ", ":", "{", "}") }).map((s) => `data: ${s}`),
      fc.constantFrom(": comment", "event: error", "id: 1", ""),
    );
    fc.assert(
      fc.property(fc.array(line), fc.constantFrom("\n", "\r\n", "\r"), fc.array(fc.nat()), (lines, eol, cuts) => {
        const stream = `${lines.join(eol)}${eol}${eol}`;
        const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at].map((from, i) => stream.slice(from, [...at, stream.length][i]));
        expect(events(...pieces)).toEqual(events(stream));
      }),
    );
  });
});

describe("the choices of a streamed completion", () => {
  const chunk = (choices: unknown[], extra: object = {}) => JSON.stringify({ object: "chat.completion.chunk", choices, ...extra });

  it("appends deltas per choice index, interleaved, and keeps each finish reason and the usage", () => {
    const c = new ChoiceCollector(2);
    c.add(chunk([{ index: 1, delta: { content: "B1" } }]), "message");
    c.add(chunk([{ index: 0, delta: { role: "assistant", content: "A1" } }]), "message");
    c.add(chunk([{ index: 1, delta: { content: " B2" }, finish_reason: "length" }]), "message");
    c.add(chunk([{ index: 1, delta: { content: "after its end" } }]), "message");
    c.add(chunk([{ index: 0, delta: { content: " A2" }, finish_reason: "stop" }]), "message");
    c.add(chunk([{ index: 5, delta: { content: "no such choice" } }]), "message");
    c.add(chunk([], { usage: { prompt_tokens: 3, completion_tokens: 9 } }), "message");
    c.add("[DONE]", "message");
    c.add(chunk([{ index: 0, delta: { content: "after DONE" } }]), "message");
    expect(c.choices).toEqual([
      { index: 0, text: "A1 A2", finishReason: "stop" },
      { index: 1, text: "B1 B2", finishReason: "length" },
    ]);
    expect([c.promptTokens, c.completionTokens, c.done, c.events]).toEqual([3, 9, true, 9]);
  });

  it("turns a NUL in a delta into U+FFFD (PostgreSQL text holds none), keeping the rest", () => {
    const c = new ChoiceCollector(1);
    c.add(chunk([{ index: 0, delta: { content: "a\u0000b" } }]), "message");
    c.add(chunk([{ index: 0, delta: { content: "\u0000" }, finish_reason: "stop" }]), "message");
    expect(c.choices[0]!.text).toBe("a\uFFFDb\uFFFD");
  });

  it("tells listeners once per read about each choice that grew", () => {
    const c = new ChoiceCollector(3);
    for (const [index, content] of [
      [0, "a"],
      [2, "x"],
      [0, "b"],
    ] as const)
      c.add(chunk([{ index, delta: { content } }]), "message");
    const told: [number, string][] = [];
    c.takeChanged((choice) => told.push([choice.index, choice.text]));
    c.takeChanged((choice) => told.push([choice.index, choice.text]));
    expect(told).toEqual([
      [0, "ab"],
      [2, "x"],
    ]);
  });

  it("refuses invalid JSON without quoting it, and an error event with its message", () => {
    const c = new ChoiceCollector(1);
    expect(() => c.add('{"choices":[{"delta":{"content":"sk-secret', "message")).toThrow(
      new RetryableError("unreadable answer: the event stream holds invalid JSON"),
    );
    expect(() => c.add('{"error":{"message":"CUDA out of memory"}}', "message")).toThrow("error event in the stream: CUDA out of memory");
    expect(() => c.add('{"message":"overloaded"}', "error")).toThrow("error event in the stream: overloaded");
    expect(() => c.add('{"error":{"code":500}}', "message")).toThrow("error event in the stream: no message");
  });
});
