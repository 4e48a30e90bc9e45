import { createHash } from 'node:crypto';
import type { Runtime } from '../client.ts';
import { undiciTransport } from '../http/undici-transport.ts';
import { nodeCrypto } from '../sigv4/crypto-node.ts';
import { Signer } from '../sigv4/signer.ts';

export const nodeRuntime: Runtime = {
  createSigner: (options) => new Signer(options, nodeCrypto),
  createTransport: () => undiciTransport(),
  md5: (data) => createHash('md5').update(data).digest(),
  hash: (algorithm) => {
    const h = createHash(algorithm);
    return { update: (data) => void h.update(data), digest: () => h.digest() };
  },
};
