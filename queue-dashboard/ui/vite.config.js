import { defineConfig } from 'vite';

// The dashboard serves index.html at / and the hashed bundles under /assets/; the Maven build
// passes --outDir (target/classes/io/taskq/dashboard/ui) so the files land inside the jar.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5555' },
  },
});
