import type { APIRequestContext, Browser } from "playwright-core";
import { expect } from "vitest";
import { NextItemResponseSchema, type AnnotationItem, type Verdict } from "../../shared/schemas/campaigns";

// Annotating through the HTTP API beside a browser test: each person a context of its own, so the page's
// cookie stays the admin's.

/** A signed-in API session of its own. */
export async function apiSession(browser: Browser, baseUrl: string, username: string, password: string): Promise<APIRequestContext> {
  const context = await browser.newContext();
  const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } });
  expect(login.status()).toBe(200);
  return context.request;
}

/** What a judgment sends beside its verdict (the i-th item of this run). */
export interface JudgmentFields {
  rationale?: string;
  time_ms: number;
  coverage_left: number;
  coverage_right: number;
}

/**
 * Judges every item the campaign has left for this session, the i-th with verdictFor(item, i); answers how
 * many. Idempotency keys are `${key}-${campaignId}-${i}`.
 */
export async function judgeAll(
  request: APIRequestContext,
  baseUrl: string,
  campaignId: number,
  key: string,
  verdictFor: (item: AnnotationItem, i: number) => Verdict,
  fields: (i: number) => JudgmentFields = () => ({ time_ms: 30_000, coverage_left: 1, coverage_right: 1 }),
): Promise<number> {
  for (let i = 0; ; i++) {
    const next = await request.post(`${baseUrl}/api/annotate/campaigns/${campaignId}/next`);
    expect(next.status()).toBe(200);
    const { item } = NextItemResponseSchema.parse(await next.json());
    if (!item) return i;
    const submitted = await request.post(`${baseUrl}/api/annotate/assignments/${item.assignment_id}/judgment`, {
      data: { verdict: verdictFor(item, i), ...fields(i), idempotency_key: `${key}-${campaignId}-${i}` },
    });
    expect(submitted.status()).toBe(201);
  }
}
