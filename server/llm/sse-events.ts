/** One dispatched server-sent event: its data lines joined by "\n", and its type ("message" unless named). */
export type SseHandler = (data: string, type: string) => void;

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Splits a text stream into server-sent events as the HTML standard's parser does: lines end in LF, CRLF
 * or CR (also when a CRLF is split between two reads), ":" starts a comment, several data lines join with
 * "\n", a blank line dispatches, an event without data is dropped, an unfinished event at the end is not
 * dispatched. Built for the sampling hot path (one token per event): a data line costs one slice, and a
 * line arriving over many reads (one 50 MB token) is joined once, not copied at every read.
 */
export class SseParser {
  /** The pieces of a line not ended yet. */
  private pending: string[] = [];
  private data: string | null = null;
  private type = "";
  /** The last read ended in CR: an LF opening the next read belongs to that line end. */
  private afterCr = false;
  private started = false;

  constructor(private readonly onEvent: SseHandler) {}

  /** Reads the next piece of the stream (already decoded); events it completes are handed on at once. */
  push(chunk: string): void {
    if (!this.started && chunk !== "") {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.afterCr) {
      this.afterCr = false;
      if (chunk.charCodeAt(0) === LF) chunk = chunk.slice(1);
    }
    if (chunk.includes("\r")) {
      this.afterCr = chunk.charCodeAt(chunk.length - 1) === CR;
      chunk = chunk.replace(/\r\n?/g, "\n");
    }
    let end = chunk.indexOf("\n");
    if (end === -1) {
      if (chunk !== "") this.pending.push(chunk);
      return;
    }
    let text = chunk;
    if (this.pending.length > 0) {
      this.pending.push(chunk);
      text = this.pending.join("");
      end += text.length - chunk.length;
      this.pending = [];
    }
    let start = 0;
    while (end !== -1) {
      this.line(text, start, end);
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    if (start < text.length) this.pending.push(start === 0 ? text : text.slice(start));
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) return;
    // The common line first: "data: {...}" from every OpenAI-compatible server.
    if (text.startsWith("data", start) && text.charCodeAt(start + 4) === COLON) {
      const from = start + (text.charCodeAt(start + 5) === SPACE ? 6 : 5);
      this.addData(from >= end ? "" : text.slice(from, end));
      return;
    }
    const colon = text.indexOf(":", start);
    const hasValue = colon !== -1 && colon < end;
    const field = text.slice(start, hasValue ? colon : end);
    const valueFrom = hasValue ? colon + (text.charCodeAt(colon + 1) === SPACE ? 2 : 1) : end;
    const value = valueFrom >= end ? "" : text.slice(valueFrom, end);
    if (field === "data") this.addData(value);
    else if (field === "event") this.type = value;
    // "id" and "retry" mean nothing to a client that never reconnects; unknown fields are ignored.
  }

  private addData(value: string): void {
    this.data = this.data === null ? value : `${this.data}\n${value}`;
  }

  private dispatch(): void {
    const data = this.data;
    const type = this.type === "" ? "message" : this.type;
    this.data = null;
    this.type = "";
    if (data !== null) this.onEvent(data, type);
  }
}
