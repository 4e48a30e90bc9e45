// `npm run demo`: the guide against a local S3 server that this script starts (s3s-fs, the s3s
// protocol layer RustFS is built on; built and cached on first use), or against a server you
// already run (RustFS, say) when S3WIRE_ENDPOINT / S3WIRE_ACCESS_KEY / S3WIRE_SECRET_KEY are set.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { S3Client } from '../src/index.ts';
import { startServer, stopServer, type ServerKind } from '../test/servers/launch.ts';
import { guide, type GuideTarget } from './guide.ts';

const INSTALL = fileURLToPath(new URL('../scripts/servers/install.sh', import.meta.url));

async function localServer(kind: ServerKind) {
  // Builds the pinned server once (minutes), then reuses the cached binary.
  execFileSync('bash', [INSTALL, kind], { stdio: 'inherit' });
  const line = execFileSync('bash', [INSTALL, '--paths'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split('\t'))
    .find((f) => f[0] === kind && f[3] === 'installed');
  if (!line) throw new Error(`${kind} is not installed (see scripts/servers/install.sh)`);
  const probe = async (s: GuideTarget) => {
    const c = new S3Client({ endpoint: s.endpoint, region: s.region, credentials: s, maxAttempts: 1 });
    try {
      await c.listBuckets();
      return { status: 200, body: '' };
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === undefined) throw e;
      return { status, body: '' };
    } finally {
      await c.close();
    }
  };
  return startServer({ kind, bin: line[2]!, readyTimeoutMs: 60_000, probe, anyAnswer: false });
}

const env = process.env;
if (env.S3WIRE_ENDPOINT) {
  if (!env.S3WIRE_ACCESS_KEY || !env.S3WIRE_SECRET_KEY) throw new Error('set S3WIRE_ACCESS_KEY and S3WIRE_SECRET_KEY with S3WIRE_ENDPOINT');
  console.log(`running the guide against ${env.S3WIRE_ENDPOINT}`);
  await guide({ endpoint: env.S3WIRE_ENDPOINT, region: env.S3WIRE_REGION ?? 'us-east-1', accessKeyId: env.S3WIRE_ACCESS_KEY, secretAccessKey: env.S3WIRE_SECRET_KEY });
} else {
  const kind = (env.S3WIRE_DEMO_SERVER ?? 's3s-fs') as ServerKind;
  const server = await localServer(kind);
  console.log(`started ${kind} on ${server.live.endpoint} (ready in ${server.readyMs} ms)`);
  try {
    await guide(server.live);
  } finally {
    await stopServer(server.started);
    console.log(`stopped ${kind} and removed its data`);
  }
}
