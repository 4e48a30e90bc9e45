// `npm run demo`: the guide against a local S3 server that this script starts: RustFS if its pinned
// build is cached (bash scripts/servers/install.sh rustfs), else s3s-fs, the s3s protocol layer
// RustFS is built on (built and cached on first use); S3WIRE_DEMO_SERVER=s3s-fs|minio|rustfs
// chooses. Or against a server you already run when S3WIRE_ENDPOINT / S3WIRE_ACCESS_KEY /
// S3WIRE_SECRET_KEY are set.
import { stopServer, type ServerKind } from '../test/servers/launch.ts';
import { cachedServer, installedServer, startLocalServer } from '../test/servers/local.ts';
import { guide } from './guide.ts';

const env = process.env;
if (env.S3WIRE_ENDPOINT) {
  if (!env.S3WIRE_ACCESS_KEY || !env.S3WIRE_SECRET_KEY) throw new Error('set S3WIRE_ACCESS_KEY and S3WIRE_SECRET_KEY with S3WIRE_ENDPOINT');
  console.log(`running the guide against ${env.S3WIRE_ENDPOINT}`);
  await guide({ endpoint: env.S3WIRE_ENDPOINT, region: env.S3WIRE_REGION ?? 'us-east-1', accessKeyId: env.S3WIRE_ACCESS_KEY, secretAccessKey: env.S3WIRE_SECRET_KEY });
} else {
  const kinds: readonly ServerKind[] = ['s3s-fs', 'minio', 'versitygw', 'rustfs'];
  const asked = env.S3WIRE_DEMO_SERVER;
  if (asked !== undefined && !(kinds as readonly string[]).includes(asked)) throw new Error(`S3WIRE_DEMO_SERVER: unknown server '${asked}' (known: ${kinds.join(', ')})`);
  const kind = (asked as ServerKind | undefined) ?? (cachedServer('rustfs') ? 'rustfs' : 's3s-fs');
  const server = await startLocalServer(kind, installedServer(kind).bin);
  console.log(`started ${kind} on ${server.live.endpoint} (ready in ${server.readyMs} ms)`);
  try {
    await guide(server.live);
  } finally {
    await stopServer(server.started);
    console.log(`stopped ${kind} and removed its data`);
  }
}
