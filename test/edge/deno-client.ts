// Run by test/edge/deno.test.ts as `deno run ... test/edge/deno-client.ts`, with the server in
// S3WIRE_EDGE_* variables (edge-env.ts). `import 's3wire'` under Deno resolves through the `deno`
// export condition (src/index.deno.ts): HTTP/1.1 on Deno's connections (denoTransport), or the
// Node transports on Deno's Node compatibility when S3WIRE_EDGE_TRANSPORT says (undici, net);
// node:crypto for signing. Runs the whole web scenario (scenario.ts) through it, and checks the
// entry it got. Prints one JSON report; exits 1 on any mismatch.
import * as entry from 's3wire';
import { S3Client, ServiceError, type ClientOptions } from 's3wire';
import { createSigner, nodeCrypto } from 's3wire/sigv4';
import { edgeServer, edgeTransport, runtimeName } from './edge-env.ts';
import { runScenario, type StepReport } from './scenario.ts';

const server = edgeServer();
const runtime = runtimeName();
const transport = edgeTransport(entry, server.ca, 'deno');

class Client extends S3Client {
  constructor(options: ClientOptions) {
    super({ ...options, ...transport });
  }
}

const report = await runScenario({ S3Client: Client, ServiceError }, server, runtime, 'full');
const entrySteps: StepReport[] = [];
const which = (step: string, ok: boolean, detail: string) => entrySteps.push({ step, ok, detail });
// What a Deno user of npm:s3wire gets: the deno entry, and the synchronous node:crypto signer.
const transports = Object.keys(entry).filter((k) => k.endsWith('Transport'));
// (Typed as the node entry, package.json's `types`: the deno entry is that and denoTransport.)
which("import 's3wire' is the deno entry", typeof (entry as Record<string, unknown>).denoTransport === 'function' && typeof entry.undiciTransport === 'function', `${transports.join(', ')}; this run: ${process.env.S3WIRE_EDGE_TRANSPORT ?? 'the default'}`);
const signer = createSigner({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, region: 'us-east-1' });
which("s3wire/sigv4 signs with node:crypto (its nodeCrypto)", signer.crypto === nodeCrypto, signer.crypto === nodeCrypto ? 'createSigner().crypto is nodeCrypto' : 'another crypto');
const out = { ...report, ok: report.ok && entrySteps.every((s) => s.ok) && runtime.startsWith('deno '), steps: [...report.steps, ...entrySteps] };
console.log(JSON.stringify(out));
process.exit(out.ok ? 0 : 1);
