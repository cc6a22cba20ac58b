import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{electron,renderer,shared,test,build}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'dist/**', 'test/e2e/**', 'test/e2e-electron/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
