// A transport for tests of what happens before any I/O: it logs each request that reaches it
// (`METHOD /path`) and fails it.
import type { Transport } from '../../src/index.ts';

export function noNetwork(): Transport & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async send(req) {
      calls.push(req.method + ' ' + req.path);
      throw new Error('no request should have been sent');
    },
    async close() {},
  };
}
