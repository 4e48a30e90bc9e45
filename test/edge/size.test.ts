// Bundle-size budgets (size-budget.json) of the web entries, measured as an app's bundler ships
// them: esbuild, minified, gzip -9. The sizes and the biggest inputs are printed on every run;
// `npx tsx scripts/size.ts` prints the same by hand.
import { describe, expect, it } from 'vitest';
import { byGroup, formatReport, measure, readBudgets, TARGETS } from '../../scripts/size.ts';

const budgets = readBudgets();

describe.each(TARGETS)('bundle size: $name', (target) => {
  it(`${target.what}: within size-budget.json`, async () => {
    const m = await measure(target);
    const budget = budgets[target.name]!;
    console.log(formatReport(m, budget));
    expect(m.inputs.length).toBeGreaterThan(0);
    expect(m.gzip, `${target.name}: ${m.gzip} B gzipped, budget ${budget.gzip} B; biggest: ${byGroup(m.inputs).slice(0, 4).map((g) => `${g.path} ${g.bytes} B`).join(', ')}`).toBeLessThanOrEqual(budget.gzip);
  });
});
