/**
 * Builds the renderer (React) into dist/renderer with relative URLs, so Electron can load it from
 * app:// or file:// and the loopback bridge can serve it from any path. The renderer imports a few
 * pure modules from ../core (contract types, messages, codes) and the browser bridge from ../web.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // One CSS file and no inline scripts: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // A desktop app loads its bundle from disk; one ~420 kB chunk (React, i18next, the code registry) is fine.
    chunkSizeWarningLimit: 700,
  },
  server: {
    fs: { allow: [repo] },
  },
});
