import type { ReactNode } from "react";
import type { z } from "zod";
import type { JobOutcome } from "../../../../shared/schemas/job-outcome";
import type { JobStatus } from "../../../../shared/schemas/sampling";

/** What every job has, sampling or judge job alike: all the shared job screens read. */
export interface JobRow {
  id: number;
  set_id: number;
  set_name: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  counts: { queued: number; running: number; done: number; failed: number };
  total: number;
  /** How a done job went: "failed" when every item failed, "partly_failed" when some did. */
  outcome: JobOutcome | null;
}

/** A column of the jobs table that one kind of job adds. */
export interface JobColumn<J> {
  header: string;
  /** The header's tooltip. */
  title?: string;
  /** Right-aligned figures. */
  numeric?: boolean;
  cell: (job: J) => ReactNode;
}

/** One line of a job's summary: a label and its value. */
export type JobFact = readonly [label: string, value: ReactNode];

/**
 * The words, paths and columns that tell one kind of job from the other; the job page, form, table,
 * progress panel and error list in this folder take one and serve both kinds.
 */
export interface JobKind<J extends JobRow, P extends { job: J } = { job: J }> {
  /** The API's answer listing jobs (GET `api`, a page); a module-level constant, as useApiData wants. */
  listSchema: z.ZodType<{ total: number; page: number; page_size: number; items: J[] }>;
  /** The API's answer about one job (GET `${api}/:id`, and POST `api` starting one). */
  progressSchema: z.ZodType<P>;
  /** "Sampling job": the job page's title and heading. */
  title: string;
  /** How running text names one job ("Cancel job #3?", "Progress of judge job 3"). */
  noun: string;
  /** The screen listing and starting these jobs; a job's page is `${home}/jobs/:id`. */
  home: string;
  /** That screen's name in the breadcrumb. */
  homeLabel: string;
  /** The API collection, e.g. /api/sampling-jobs. */
  api: string;
  /** What cancelling keeps and drops, asked before it happens. */
  cancelNote: string;
  /** The jobs table's columns after the set: what this kind's jobs are made of. */
  columns: JobColumn<J>[];
  /** The jobs table's column of finished work ("Samples", "Judgments") and any after it. */
  workHeader: string;
  trailingColumns: JobColumn<J>[];
  /** The job page's summary lines between the set and the dates. */
  facts: (job: J) => JobFact[];
}

export const jobPath = (kind: { home: string }, id: number) => `${kind.home}/jobs/${id}`;
