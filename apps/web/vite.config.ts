import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Vendor groups, so that a new release of the app does not invalidate the cached libraries:
// - react: React, the router, TanStack Query and i18next (the framework; changes rarely);
// - antd-core: the part of antd that the first load needs (ConfigProvider, theme, CSS-in-JS, Spin);
// - echarts: only the modules the structure chart imports, loaded when the chart is opened;
// - domain: zod and the shared contract, used by every page for enums and form validation.
// The rest of antd is left to automatic splitting, so the sign-in page does not download the
// table and date picker: each lazily loaded page pulls the shared antd chunks it uses.
const ANTD =
  /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs|@emotion|stylis|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view|json2mq|string-convert|clsx|is-mobile)[\\/]/;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // The antd groups are named after the pages that share them; a hash is name enough.
        chunkFileNames: (chunk) =>
          chunk.name.startsWith('antd~') ? 'assets/antd-[hash].js' : 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser|@tanstack|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/,
              priority: 40,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 30 },
            { name: 'antd-core', test: ANTD, tags: ['$initial'], priority: 20 },
            // The rest of antd, grouped by the set of pages that use each module: vendor-only chunks
            // (cached across releases) without sending the table and pickers to the sign-in page.
            {
              name: 'antd',
              test: ANTD,
              priority: 10,
              entriesAware: true,
              entriesAwareMergeThreshold: 20_000,
            },
            {
              name: 'domain',
              // The label tables are not zod: they belong with the i18n bundle that imports them.
              test: (id: string) =>
                /node_modules[\\/]zod[\\/]/.test(id) ||
                (/packages[\\/]domain[\\/]/.test(id) && !/[\\/]labels[\\/]/.test(id)),
              priority: 5,
            },
          ],
        },
      },
    },
  },
});
