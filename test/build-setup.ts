// vitest global setup: builds dist/ (scripts/build.mjs, incremental: about a second when nothing
// changed) before any test runs, so the tests that take s3wire as a consumer does (by its package
// name, or packed and installed: test/package/) get the code of src/ as it is now.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: ['ignore', 'ignore', 'inherit'] });
}
