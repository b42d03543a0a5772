// highs.cjs solves an LP or MPS file with HiGHS (the WebAssembly build of the
// npm package "highs") for rotabench, and writes what the solve found as JSON.
//
//   node highs.cjs --module DIR/node_modules/highs [--time-limit S] [--gap G]
//                  [--out result.json] [--solution out.sol] [--log] model.lp
//
// The JSON has status (HiGHS's model status), objective and bound (the MIP
// dual bound; both null when unknown), gap, time (seconds of solving),
// nodes, and columns: the name and value of every column above 0.5. Without
// --out the JSON goes to stdout and HiGHS's log is off; with --out the log
// goes to stdout when --log is given. --solution writes HiGHS's own solution
// file (the format of `highs --solution_file`).
"use strict";

const fs = require("fs");
const path = require("path");

function usage(msg) {
  process.stderr.write(`highs.cjs: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const a = { module: "highs", timeLimit: 600, gap: 0, out: "", solution: "", log: false, model: "" };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case "--module": a.module = path.resolve(v()); break;
      case "--time-limit": a.timeLimit = Number(v()); break;
      case "--gap": a.gap = Number(v()); break;
      case "--out": a.out = v(); break;
      case "--solution": a.solution = v(); break;
      case "--log": a.log = true; break;
      default:
        if (argv[i].startsWith("--")) usage(`unknown flag ${argv[i]}`);
        if (a.model) usage("one model file, please");
        a.model = argv[i];
    }
  }
  if (!a.model) usage("no model file");
  if (!(a.timeLimit > 0)) usage("--time-limit wants seconds > 0");
  if (!(a.gap >= 0)) usage("--gap wants a number >= 0");
  return a;
}

function finite(x) {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const loadHighs = require(a.module);
  const highs = await loadHighs();
  const format = a.model.toLowerCase().endsWith(".mps") ? "mps" : "lp";
  // Bytes, not a string: prefecture-size files exceed V8's string limit.
  const data = new Uint8Array(fs.readFileSync(a.model));
  const model = highs.createModel({ format, data });
  try {
    model.options.set({
      time_limit: a.timeLimit,
      mip_rel_gap: a.gap,
      mip_abs_gap: 0,
      output_flag: Boolean(a.out) && a.log,
      log_to_console: false,
    });
    // The log reaches JavaScript through the logging callback only.
    const log = Boolean(a.out) && a.log;
    model.run(log ? { [highs.constants.callbackType.logging]: (e) => process.stdout.write(e.message) } : undefined);
    const names = Object.fromEntries(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v, k]));
    const code = model.getModelStatus();
    const info = (name) => {
      try {
        return model.info.get(name);
      } catch {
        return undefined;
      }
    };
    const primal = info("primal_solution_status");
    const hasSolution = primal === 2 || primal === 1 || code === highs.constants.modelStatus.optimal;
    const nodes = Number(info("mip_node_count") ?? -1);
    const isMip = nodes >= 0;
    const res = {
      status: names[code] || String(code),
      objective: hasSolution ? finite(model.getObjectiveValue()) : null,
      // A model without integer columns is an LP: no MIP bound, and an
      // optimal LP is its own bound.
      bound: isMip ? finite(info("mip_dual_bound")) : code === highs.constants.modelStatus.optimal ? finite(model.getObjectiveValue()) : null,
      gap: finite(info("mip_gap")),
      time: model.getRunTime(),
      nodes: Math.max(nodes, 0),
      columns: {},
    };
    if (hasSolution) {
      const x = model.getSolution().colValue;
      for (let j = 0; j < x.length; j++) {
        if (x[j] > 0.5) res.columns[model.getColName(j)] = x[j];
      }
    }
    if (a.solution) fs.writeFileSync(a.solution, model.exportSolution(false));
    const json = JSON.stringify(res) + "\n";
    if (a.out) fs.writeFileSync(a.out, json);
    else process.stdout.write(json);
  } finally {
    model.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`highs.cjs: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
