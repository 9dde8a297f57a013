// Builds the single-page UI into POLYTOMIC_WEB_OUT (CMake passes ${CMAKE_BINARY_DIR}/web):
// index.html and content-hashed assets/, which the server caches for a year.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: process.env.POLYTOMIC_WEB_OUT || "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    // Inline nothing: the Content-Security-Policy allows no data: scripts or styles.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // npm run dev: the API of a server running on PORT 5100.
    proxy: { "/api": "http://127.0.0.1:5100", "/auth": "http://127.0.0.1:5100" },
  },
});
