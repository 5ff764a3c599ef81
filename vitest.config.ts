import { defineConfig } from 'vitest/config';

// CLI tests spawn processes and read real files; on a loaded 2-core machine (CI, or a
// developer running other work) the 5 s default times out healthy tests. 30 s still catches
// a hang.
export default defineConfig({
  test: {
    testTimeout: 30_000,
  },
});
