// `npm run demo`: the guide against a local S3 server that this script starts (s3s-fs, the s3s
// protocol layer RustFS is built on; built and cached on first use), or against a server you
// already run (RustFS, say) when S3WIRE_ENDPOINT / S3WIRE_ACCESS_KEY / S3WIRE_SECRET_KEY are set.
import { stopServer } from '../test/servers/launch.ts';
import { installedServer, startLocalServer } from '../test/servers/local.ts';
import { guide } from './guide.ts';

const env = process.env;
if (env.S3WIRE_ENDPOINT) {
  if (!env.S3WIRE_ACCESS_KEY || !env.S3WIRE_SECRET_KEY) throw new Error('set S3WIRE_ACCESS_KEY and S3WIRE_SECRET_KEY with S3WIRE_ENDPOINT');
  console.log(`running the guide against ${env.S3WIRE_ENDPOINT}`);
  await guide({ endpoint: env.S3WIRE_ENDPOINT, region: env.S3WIRE_REGION ?? 'us-east-1', accessKeyId: env.S3WIRE_ACCESS_KEY, secretAccessKey: env.S3WIRE_SECRET_KEY });
} else {
  const kind = (env.S3WIRE_DEMO_SERVER ?? 's3s-fs') as 's3s-fs' | 'minio' | 'versitygw';
  const server = await startLocalServer(kind, installedServer(kind).bin);
  console.log(`started ${kind} on ${server.live.endpoint} (ready in ${server.readyMs} ms)`);
  try {
    await guide(server.live);
  } finally {
    await stopServer(server.started);
    console.log(`stopped ${kind} and removed its data`);
  }
}
