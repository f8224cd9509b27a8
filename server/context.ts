import type { Db } from "./db/open";
import { apiTokensRepo } from "./db/repos/api-tokens";
import { assignmentsRepo } from "./db/repos/assignments";
import { campaignsRepo } from "./db/repos/campaigns";
import { comparisonsRepo } from "./db/repos/comparisons";
import { deviceCookiesRepo } from "./db/repos/device-cookies";
import { goldPairsRepo } from "./db/repos/gold-pairs";
import { humanJudgmentsRepo } from "./db/repos/human-judgments";
import { instructionSetsRepo } from "./db/repos/instruction-sets";
import { instructionsRepo } from "./db/repos/instructions";
import { loginCountersRepo } from "./db/repos/login-counters";
import { judgeConfirmationsRepo } from "./db/repos/judge-confirmations";
import { judgeJobsRepo } from "./db/repos/judge-jobs";
import { judgeTemplatesRepo } from "./db/repos/judge-templates";
import { judgeScoresRepo } from "./db/repos/judge-scores";
import { modelsRepo } from "./db/repos/models";
import { pairJudgeJobsRepo } from "./db/repos/pair-judge-jobs";
import { pairJudgmentsRepo } from "./db/repos/pair-judgments";
import { pairRunsRepo } from "./db/repos/pair-runs";
import { sampleScoresRepo } from "./db/repos/sample-scores";
import { adaptiveChoiceRepo } from "./db/repos/adaptive-choice";
import { samplesRepo } from "./db/repos/samples";
import { samplingJobsRepo } from "./db/repos/sampling-jobs";
import { sessionsRepo } from "./db/repos/sessions";
import { usersRepo } from "./db/repos/users";
import type { Logger } from "./logger";
import { endpointPolicy, keyPresence, type EndpointPolicy } from "./endpoint-policy";

/** Everything the routes and domain code need, built once per app from its injected dependencies. */
export interface Context {
  db: Db;
  now: () => Date;
  log: Logger;
  /** Who may point models where, and with which key variables (server/endpoint-policy.ts). */
  policy: EndpointPolicy;
  users: ReturnType<typeof usersRepo>;
  sessions: ReturnType<typeof sessionsRepo>;
  apiTokens: ReturnType<typeof apiTokensRepo>;
  deviceCookies: ReturnType<typeof deviceCookiesRepo>;
  /** Login failure counters, shared by every server on the database (decision 044). */
  loginCounters: ReturnType<typeof loginCountersRepo>;
  sets: ReturnType<typeof instructionSetsRepo>;
  instructions: ReturnType<typeof instructionsRepo>;
  models: ReturnType<typeof modelsRepo>;
  samplingJobs: ReturnType<typeof samplingJobsRepo>;
  samples: ReturnType<typeof samplesRepo>;
  judgeTemplates: ReturnType<typeof judgeTemplatesRepo>;
  judgeJobs: ReturnType<typeof judgeJobsRepo>;
  judgeScores: ReturnType<typeof judgeScoresRepo>;
  campaigns: ReturnType<typeof campaignsRepo>;
  pairRuns: ReturnType<typeof pairRunsRepo>;
  pairJudgeJobs: ReturnType<typeof pairJudgeJobsRepo>;
  pairJudgments: ReturnType<typeof pairJudgmentsRepo>;
  /** A pairwise judge's confirmation of pair proposals. */
  judgeConfirmations: ReturnType<typeof judgeConfirmationsRepo>;
  comparisons: ReturnType<typeof comparisonsRepo>;
  assignments: ReturnType<typeof assignmentsRepo>;
  humanJudgments: ReturnType<typeof humanJudgmentsRepo>;
  sampleScores: ReturnType<typeof sampleScoresRepo>;
  /** Adaptive choice of the next comparison (decision 038). */
  adaptiveChoice: ReturnType<typeof adaptiveChoiceRepo>;
  /** Gold pairs, annotators' answers on them and their standing (docs/decisions/039-gold-pairs.md). */
  goldPairs: ReturnType<typeof goldPairsRepo>;
}

export function createContext(db: Db, now: () => Date, log: Logger, policy: EndpointPolicy = endpointPolicy(process.env)): Context {
  return {
    db,
    now,
    log,
    policy,
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    apiTokens: apiTokensRepo(db),
    deviceCookies: deviceCookiesRepo(db),
    loginCounters: loginCountersRepo(db),
    sets: instructionSetsRepo(db),
    instructions: instructionsRepo(db),
    models: modelsRepo(db, keyPresence(policy, process.env)),
    samplingJobs: samplingJobsRepo(db),
    samples: samplesRepo(db),
    judgeTemplates: judgeTemplatesRepo(db),
    judgeJobs: judgeJobsRepo(db),
    judgeScores: judgeScoresRepo(db),
    campaigns: campaignsRepo(db),
    pairRuns: pairRunsRepo(db),
    pairJudgeJobs: pairJudgeJobsRepo(db),
    pairJudgments: pairJudgmentsRepo(db),
    judgeConfirmations: judgeConfirmationsRepo(db),
    comparisons: comparisonsRepo(db),
    assignments: assignmentsRepo(db),
    humanJudgments: humanJudgmentsRepo(db),
    sampleScores: sampleScoresRepo(db),
    adaptiveChoice: adaptiveChoiceRepo(db),
    goldPairs: goldPairsRepo(db),
  };
}
