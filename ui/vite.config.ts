import { defineConfig } from "vitest/config";

// The Tauri CLI runs `npm --prefix ui run dev` for `tauri dev`; the port must match `devUrl` in tauri.conf.json.
export default defineConfig({
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // No inline module preload polyfill: the CSP forbids inline scripts.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
