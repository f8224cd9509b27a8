#!/usr/bin/env node
// The `longpref` command: the CLI from its prebuilt bundle, rebuilt first when a source changed (server/prebuilt.js).
import { runEntry } from "../prebuilt.js";

await runEntry("cli");
