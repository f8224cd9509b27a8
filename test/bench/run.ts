// `npm run bench`: figures and ratios, not pass/fail, one section per area.
await import("./instructions");
await import("./scoring");
await import("./pairs");
await import("./pair-run");
await import("./pair-judge-queue");
await import("./adaptive-k");
await import("./stats");
await import("./budget-plan");
await import("./export");
await import("./export-parquet");
await import("./sampling");
await import("./sampling-cpu");
await import("./sampling-streams");
await import("./sampling-n");
await import("./annotation");
await import("./adaptive-choice");
await import("./annotation-browser");
await import("./import-latency");
await import("./gold-pairs");
await import("./cli-start");
await import("./backends");

export {};
