// Node 20 cannot load TypeScript in worker threads (tsx's --import hooks do
// not reach pino's worker): this JavaScript target loads the TypeScript
// pino transport through tsx's API inside the worker. Deno and Bun use
// src/adapters/pino.ts directly; the packed-tarball test uses the build.
import { tsImport } from "tsx/esm/api";

const transport = await tsImport(
  "../../src/adapters/pino.ts",
  import.meta.url,
);
export default transport.default;
