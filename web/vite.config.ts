import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console's build. `#shared/*` resolves to the domain core so the browser runs the same zod schemas and
 * pure rules as the API (`node:url`'s IDNA functions, which they use, to a browser module of the same contract). Routes are split by dynamic import; vendor code that every screen needs (React,
 * Mantine, TanStack Query) is one long-cached chunk.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '#shared': fileURLToPath(new URL('../shared', import.meta.url)),
      // shared/ checks emails and domains with node:url's IDNA functions; the browser gets the same contract.
      'node:url': fileURLToPath(new URL('./src/lib/node-url-browser.ts', import.meta.url)),
      // The journey rules pick a contact's A/B variant by SHA-256; the console's simulation runs them.
      'node:crypto': fileURLToPath(new URL('./src/lib/node-crypto-browser.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
  },
  server: { host: '127.0.0.1' },
});
