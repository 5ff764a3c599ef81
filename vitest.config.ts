import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CLI tests spawn processes and read real files; on a loaded 2-core machine (CI, or a
    // developer running other work) the 5 s default times out healthy tests. 30 s still
    // catches a hang.
    testTimeout: 30_000,
    // The rule cache of every run under test (in-process and through bin/) goes to a
    // throwaway folder, never the developer's own ~/.cache/reassure.
    env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'reassure-test-cache-')) },
  },
});
