// A vector's header lines as the signer takes them: a repeated name becomes an array, in order.
// Shared by vectors.test.ts (Node) and test/edge/bun-crypto.ts (Bun).
export function headerRecord(pairs: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
