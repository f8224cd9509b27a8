#!/usr/bin/env node
// The `longpref` command: runs the TypeScript CLI through tsx, the same way `npm start` runs the server.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
