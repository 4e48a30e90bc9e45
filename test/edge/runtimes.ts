// Finding the non-Node runtimes the edge tests run the client in.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** S3WIRE_BUN, else the `bun` npm package's binary, else bun on PATH. */
export function findBun(): string | undefined {
  const given = process.env.S3WIRE_BUN;
  if (given) {
    if (!executable(given)) throw new Error(`S3WIRE_BUN=${given} is not an executable file`);
    return given;
  }
  // The platform package holds the binary until bun's postinstall moves it to node_modules/.bin;
  // it is still there when install scripts were not allowed to run.
  const arch = process.arch === 'arm64' ? 'aarch64' : process.arch;
  for (const bin of [join(ROOT, 'node_modules', '@oven', `bun-${process.platform}-${arch}`, 'bin', 'bun'), join(ROOT, 'node_modules', '.bin', 'bun')]) {
    if (executable(bin)) return bin;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, 'bun'))) return join(dir, 'bun');
  }
  return undefined;
}
