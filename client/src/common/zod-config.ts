import { z } from "zod";

// The server's CSP allows no eval. Unless told, zod probes for it with new Function() the first time a
// schema is built, and every page load reports a CSP violation (harmless, but it would hide real ones).
// Imported first by main.tsx, before any module that defines a schema.
z.config({ jitless: true });
