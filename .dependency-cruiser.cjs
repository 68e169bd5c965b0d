/**
 * Import directions (see ARCHITECTURE "Layout and import rules"):
 *   core  <-  operators  <-  api | runtime ; connectors -> core only ; cli on top.
 * api never imports runtime and runtime never imports api; no cycles anywhere.
 */
const layer = (name) => `^packages/weir/src/${name}/`;
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", from: {}, to: { circular: true } },
    {
      name: "core-is-the-bottom",
      severity: "error",
      from: { path: layer("core") },
      to: { path: "^packages/weir/src/(operators|api|runtime|connectors|cli)/" },
    },
    {
      name: "operators-below-api-and-runtime",
      severity: "error",
      from: { path: layer("operators") },
      to: { path: "^packages/weir/src/(api|runtime|connectors|cli)/" },
    },
    {
      name: "api-never-imports-runtime",
      severity: "error",
      from: { path: layer("api") },
      to: { path: "^packages/weir/src/(runtime|cli)/" },
    },
    {
      name: "runtime-never-imports-api",
      severity: "error",
      from: { path: layer("runtime") },
      to: { path: "^packages/weir/src/(api|cli)/" },
    },
    {
      name: "connectors-use-core-only",
      severity: "error",
      from: { path: layer("connectors") },
      to: { path: "^packages/weir/src/(operators|api|runtime|cli)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
  },
};
