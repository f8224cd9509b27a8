import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The client lives in client/; the server serves client/dist in production and proxies in dev.
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/api": `http://localhost:${process.env.API_PORT ?? 3001}` } },
});
