// What a scenario script run in another runtime (Bun, Deno) is given by test/edge/runtimes.ts's
// runScenario: the server in S3WIRE_EDGE_* variables, and which of the entry's transports to use.
import type { ScenarioServer } from './scenario.ts';

declare const Bun: { version: string } | undefined;
declare const Deno: { version: { deno: string } } | undefined;

const env = process.env;

function need(name: string): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** `bun 1.4.5`, `deno 2.9.6` or `node v20.20.2`: the runtime this script runs in. */
export function runtimeName(): string {
  if (typeof Bun !== 'undefined') return `bun ${Bun.version}`;
  if (typeof Deno !== 'undefined') return `deno ${Deno.version.deno}`;
  return `node ${process.version}`;
}

/** The server, and on https the certificate (PEM) it was made with. */
export function edgeServer(): ScenarioServer & { readonly ca?: string } {
  return {
    name: env.S3WIRE_EDGE_NAME ?? 'external',
    endpoint: need('S3WIRE_EDGE_ENDPOINT'),
    region: env.S3WIRE_EDGE_REGION ?? 'us-east-1',
    accessKeyId: need('S3WIRE_EDGE_ACCESS_KEY'),
    secretAccessKey: need('S3WIRE_EDGE_SECRET_KEY'),
    ...(env.S3WIRE_EDGE_CA ? { ca: env.S3WIRE_EDGE_CA } : {}),
  };
}

type TransportFactory = (options: { tls?: { ca: string } }) => unknown;

/**
 * The `transport` option for S3WIRE_EDGE_TRANSPORT (`undici`, `net`, `bun`, `deno`: the entry's
 * `undiciTransport`, `netTransport`, `bunTransport`, `denoTransport`), trusting the server's
 * certificate on https.
 * Without the variable: the entry's default, or on https that default's factory given the
 * certificate. Throws if the entry has no such factory.
 */
export function edgeTransport(entry: Record<string, unknown>, ca: string | undefined, fallback: string): { transport?: never } {
  const name = env.S3WIRE_EDGE_TRANSPORT ?? (ca ? fallback : undefined);
  if (!name) return {};
  const factory = entry[`${name}Transport`] as TransportFactory | undefined;
  if (typeof factory !== 'function') throw new Error(`this entry has no ${name}Transport()`);
  return { transport: factory(ca ? { tls: { ca } } : {}) as never };
}
