// Bundles src/editor/index.ts into ../nnbuilder/static/editor.js (ES module, minified)
// and src/editor/style.css into ../nnbuilder/static/editor.css; the training panel's
// src/training/index.ts and src/training/training.css into training.js and training.css;
// the Builder app's small widgets, src/app/index.ts and src/app/app.css, into app.js and app.css; the Inside
// tab's digit pad, src/digit-pad/, into digit-pad.js and digit-pad.css.
import { build, context } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(here, "../nnbuilder/static");
const common = { bundle: true, minify: true, target: "es2020", logLevel: "info", legalComments: "none" };
const jobs = [
  {
    ...common,
    entryPoints: [resolve(here, "src/editor/index.ts")],
    outfile: resolve(outdir, "editor.js"),
    format: "esm",
  },
  { ...common, entryPoints: [resolve(here, "src/editor/style.css")], outfile: resolve(outdir, "editor.css") },
  {
    ...common,
    entryPoints: [resolve(here, "src/training/index.ts")],
    outfile: resolve(outdir, "training.js"),
    format: "esm",
  },
  { ...common, entryPoints: [resolve(here, "src/training/training.css")], outfile: resolve(outdir, "training.css") },
  { ...common, entryPoints: [resolve(here, "src/app/index.ts")], outfile: resolve(outdir, "app.js"), format: "esm" },
  { ...common, entryPoints: [resolve(here, "src/app/app.css")], outfile: resolve(outdir, "app.css") },
  {
    ...common,
    entryPoints: [resolve(here, "src/digit-pad/index.ts")],
    outfile: resolve(outdir, "digit-pad.js"),
    format: "esm",
  },
  {
    ...common,
    entryPoints: [resolve(here, "src/digit-pad/digit-pad.css")],
    outfile: resolve(outdir, "digit-pad.css"),
  },
];

if (process.argv.includes("--watch")) {
  for (const job of jobs) await (await context(job)).watch();
} else {
  await Promise.all(jobs.map((job) => build(job)));
}
