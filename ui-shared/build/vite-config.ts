import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** The one Vite setup of both UIs: `base` is where the core serves the app; in dev, /api goes to the core on port 3000. */
export function rapportViteConfig({ base, port }: { base: string; port: number }) {
  return defineConfig({
    base,
    plugins: [react()],
    resolve: {
      // Workspace packages are bundled from their TypeScript source, unbuilt.
      conditions: ['source', ...defaultClientConditions],
      // ui-shared is consumed as source: the app and it must share one copy of each library.
      dedupe: ['react', 'react-dom', 'react-router', '@tanstack/react-query', 'antd', 'dayjs'],
    },
    server: {
      port,
      proxy: { '/api': 'http://127.0.0.1:3000' },
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // antd's shared core (layout, form, modal, select…) is ~600 kB minified, ~200 kB gzipped.
      chunkSizeWarningLimit: 650,
      rolldownOptions: {
        output: {
          // React and TanStack change less often than pages: own chunks keep them cached across releases.
          // antd is left to automatic splitting so that Table only loads with the pages that use it.
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
              { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            ],
          },
        },
      },
    },
  });
}
