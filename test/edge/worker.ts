// A Cloudflare Worker around the scenario: POST `{ server, size }` as JSON, get the report back.
// Built by workerd.test.ts with esbuild (conditions workerd, worker) and run in workerd by
// miniflare. It imports the package by its own name, so it gets what package.json's `workerd`
// condition gives a Worker.
import { S3Client, ServiceError } from 's3wire';
import { runScenario, type ScenarioServer, type ScenarioSize } from './scenario.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const { server, size } = (await request.json()) as { server: ScenarioServer; size: ScenarioSize };
    return Response.json(await runScenario({ S3Client, ServiceError }, server, `workerd ${navigator.userAgent}`, size));
  },
};
