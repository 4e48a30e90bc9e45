// Run by test/edge/bun.test.ts as `bun run test/edge/bun-client.ts`, with the server in
// S3WIRE_EDGE_* variables. Uses the web entry, so Bun runs fetch + WebCrypto + pure-JS MD5, not
// undici + node:crypto. Prints one JSON report; exits 1 on any mismatch.
import { S3Client, ServiceError } from '../../src/index.web.ts';
import { runScenario } from './scenario.ts';

const env = process.env;
const need = (name: string): string => {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const bun = (globalThis as { Bun?: { version: string } }).Bun;
const report = await runScenario(
  { S3Client, ServiceError },
  {
    name: env.S3WIRE_EDGE_NAME ?? 'external',
    endpoint: need('S3WIRE_EDGE_ENDPOINT'),
    region: env.S3WIRE_EDGE_REGION ?? 'us-east-1',
    accessKeyId: need('S3WIRE_EDGE_ACCESS_KEY'),
    secretAccessKey: need('S3WIRE_EDGE_SECRET_KEY'),
  },
  bun ? `bun ${bun.version}` : `not bun: ${navigator.userAgent}`,
  'full',
);
console.log(JSON.stringify(report));
process.exitCode = report.ok && bun ? 0 : 1;
