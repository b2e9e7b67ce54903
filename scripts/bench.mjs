// `npm run bench`: the performance targets (issues 2 and 3, and "Speed").
//   1. a synthetic repository (scripts/bench/generate.mjs), validated by the CLI;
//   2. `gate-matrix check` on it as a subprocess: wall time and peak memory;
//   3. a bare js-yaml `load` of the same files in one subprocess (one Node start-up plus the
//      fastest plain parse): the baseline and the ratio;
//   4. the same ratio on a folder of real workflows (`--real DIR`);
//   5. the CLI's and the action's start-up on a tiny repository, against `node -e 0` (and, for
//      reference, on this repository's example, which `npm start` checks);
//   6. the API requests of one action run on a 3,000-file PR with 500 findings.
// Targets are reported as PASS/MISS; the process fails only when something cannot run.
// Flags: --json (machine-readable), --runs N (check/parse runs, default 3; fewer when one
// pair takes over RUN_BUDGET_MS, to keep the bench near two minutes), --keep (keep the
// temp dir and print the check's command line, e.g. to profile it with --cpu-prof),
// --real DIR (real workflow files for the second ratio; skipped without it), --only
// check|startup|api (one part alone: the synthetic and real checks, the CLI start-up and the
// action's cold start, or the API requests; repeatable).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { benchApiRequests, benchColdStart } from './bench/action.mjs'
import { generateRepository } from './bench/generate.mjs'
import { benchReal } from './bench/real.mjs'
import { benchCliStart } from './bench/startup.mjs'
import { describeProbe, median, memoryProbe, runNode } from './bench/measure.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const NOW = '2026-11-01'
const TARGETS = { checkMb: 200, parseRatio: 2.0, realRatio: 3.0, coldStartRatio: 6, cliStartRatio: 4 }
const RUN_BUDGET_MS = 20_000

const { values: flags } = parseArgs({ options: { json: { type: 'boolean' }, runs: { type: 'string' }, keep: { type: 'boolean' }, real: { type: 'string' }, only: { type: 'string', multiple: true } } })
const PARTS = ['check', 'startup', 'api']
const only = new Set(flags.only ?? PARTS)
for (const part of only) if (!PARTS.includes(part)) fail(`--only takes ${PARTS.join(', ')}, not "${part}"`)
const runs = Math.max(1, Number(flags.runs ?? 3) | 0)
const log = flags.json ? () => undefined : (line) => process.stderr.write(`${line}\n`)

function fail(message) {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(1)
}

const verdict = (ok) => (ok ? 'PASS' : 'MISS')
const mb = (kb) => kb / 1024

async function benchCheck(tmp, probe) {
  const repo = join(tmp, 'repo')
  mkdirSync(repo)
  log('generating the synthetic repository…')
  const gen = generateRepository(repo)
  const list = join(tmp, 'parsed-files.txt')
  writeFileSync(list, gen.parsedFiles.join('\n') + '\n')

  log('validating its matrix…')
  const validate = await runNode([CLI, 'validate', '--root', repo], { tmp, probe: null })
  if (validate.code !== 0) fail(`the synthetic matrix does not validate (exit ${validate.code}):\n${validate.stdout}${validate.stderr}`)

  const out = join(tmp, 'evidence.json')
  const checkArgs = [CLI, 'check', '--root', repo, '--format', 'json', '--out', out, '--now', NOW, '--changed-files', gen.changedFilesPath, '--event', gen.eventPath, '--event-name', 'workflow_dispatch']
  const checks = []
  const parses = []
  // Interleaved, so a change in the machine's load hits both sides alike.
  for (let i = 0; i < runs; i++) {
    if (i > 0 && checks[i - 1].wallMs + parses[i - 1].wallMs > RUN_BUDGET_MS) {
      log(`one run took over ${RUN_BUDGET_MS / 1000} s: stopping after ${i}`)
      break
    }
    log(`run ${i + 1} of ${runs}: check, bare parse…`)
    const c = await runNode(checkArgs, { tmp, probe, cwd: ROOT })
    if (c.code !== 0 && c.code !== 1) fail(`gate-matrix check exited ${c.code}:\n${c.stdout}${c.stderr}`)
    checks.push(c)
    const p = await runNode([join(ROOT, 'scripts', 'bench', 'bare-parse.mjs'), repo, list], { tmp, probe, cwd: ROOT })
    if (p.code !== 0) fail(`the bare parse failed (exit ${p.code}):\n${p.stderr}`)
    parses.push(p)
  }

  if (flags.keep) log(`kept ${tmp}; the check: node ${checkArgs.join(' ')}`)
  const evidence = JSON.parse(readFileSync(out, 'utf8'))
  let cells = 0
  let evaluated = 0
  for (const env of evidence.environments ?? []) {
    for (const g of env.gates ?? []) {
      cells++
      if (g.result !== 'not_applicable') evaluated++
    }
  }
  const checkMs = median(checks.map((r) => r.wallMs))
  const parseMs = median(parses.map((r) => r.wallMs))
  const cpu = (list) => (list.every((r) => r.cpuMs !== null) ? median(list.map((r) => r.cpuMs)) : null)
  const checkCpu = cpu(checks)
  const parseCpu = cpu(parses)
  const peakKb = Math.max(...checks.map((r) => r.maxRssKb ?? 0)) || null
  const parsePeakKb = Math.max(...parses.map((r) => r.maxRssKb ?? 0)) || null
  return {
    repository: {
      files: gen.files,
      workflows: gen.parsedFiles.filter((f) => f.startsWith('.github/workflows/')).length,
      environments: gen.environments.length,
      gates: gen.gates,
      doc_references: gen.docReferences,
      yaml_json_files: gen.parsedFiles.length,
    },
    check: {
      runs: checks.length,
      wall_ms: Math.round(checkMs),
      cpu_ms: checkCpu === null ? null : Math.round(checkCpu),
      peak_rss_mb: peakKb === null ? null : Math.round(mb(peakKb)),
      exit_code: checks[0].code,
      verdict: evidence.verdict,
      blockers: evidence.blockers?.length ?? null,
      cells,
      cells_evaluated: evaluated,
    },
    bare_parse: {
      runs: parses.length,
      wall_ms: Math.round(parseMs),
      cpu_ms: parseCpu === null ? null : Math.round(parseCpu),
      peak_rss_mb: parsePeakKb === null ? null : Math.round(mb(parsePeakKb)),
    },
    ratio: Number((checkMs / parseMs).toFixed(2)),
    cpu_ratio: checkCpu === null || parseCpu === null ? null : Number((checkCpu / parseCpu).toFixed(2)),
    targets: {
      check_at_most_200mb: peakKb === null ? 'UNKNOWN' : verdict(mb(peakKb) <= TARGETS.checkMb),
      at_most_2x_bare_parse: verdict(checkMs / parseMs <= TARGETS.parseRatio),
    },
  }
}

function table(result) {
  const rows = []
  const row = (what, value, target = '', status = '') => rows.push([what, String(value), target, status])
  const r = result.check
  if (r) {
    const repo = r.repository
    row('repository files', `${repo.files} (${repo.workflows} workflows, ${repo.yaml_json_files} YAML/JSON)`)
    row('environments × gates', `${repo.environments} × ${repo.gates} (+ built-ins); ${repo.doc_references} doc references`)
    row('cells in the evidence', `${r.check.cells} (${r.check.cells_evaluated} not not_applicable)`)
    row('check verdict', `${r.check.verdict}, ${r.check.blockers} blockers, exit ${r.check.exit_code}`)
    row(`check wall time (median of ${r.check.runs})`, `${r.check.wall_ms} ms (CPU ${r.check.cpu_ms ?? '?'} ms)`)
    row('check peak memory (max RSS)', r.check.peak_rss_mb === null ? 'unknown' : `${r.check.peak_rss_mb} MB`, `<= ${TARGETS.checkMb} MB`, r.targets.check_at_most_200mb)
    row(`bare js-yaml load (median of ${r.bare_parse.runs})`, `${r.bare_parse.wall_ms} ms (CPU ${r.bare_parse.cpu_ms ?? '?'} ms), ${r.bare_parse.peak_rss_mb ?? '?'} MB`)
    row('check / bare parse, wall time', `${r.ratio.toFixed(2)}x`, `<= ${TARGETS.parseRatio.toFixed(1)}x`, r.targets.at_most_2x_bare_parse)
    if (r.cpu_ratio !== null) row('check / bare parse, CPU time', `${r.cpu_ratio.toFixed(2)}x (for reference: moves less with the load)`)
  }
  const real = result.real
  if (!real) {
    // --only without check
  } else if (real.skipped) row('real workflows', `skipped: ${real.skipped}`)
  else {
    row('real workflows', `${real.files} files, ${real.kb} KB (${real.dir})`)
    row(`check / bare load, real (median of ${real.runs})`, `${real.ratio.toFixed(2)}x (check ${real.check_ms} ms, load ${real.bare_parse_ms} ms)`, `<= ${TARGETS.realRatio.toFixed(1)}x`, real.target)
  }
  const cli = result.cli_start
  if (cli) {
    row(`CLI on the tiny repository (median of ${cli.runs})`, `${cli.cli_ms} ms, exit ${cli.exit_code} (node -e 0: ${cli.node_ms} ms)`)
    row('CLI / node -e 0', `${cli.ratio.toFixed(2)}x`, `<= ${TARGETS.cliStartRatio}x`, cli.target)
    const nc = cli.no_cache
    row('  without the compile cache', `${nc.cli_ms} ms, ${nc.ratio.toFixed(2)}x node -e 0 (${nc.node_ms} ms), exit ${nc.exit_code}`)
    const ex = cli.example
    row('  for reference: on the example', `${ex.cli_ms} ms, ${ex.ratio.toFixed(2)}x node -e 0 (${ex.node_ms} ms), exit ${ex.exit_code}`)
  }
  const c = result.cold_start
  if (!c) {
    // --only without startup
  } else if (c.skipped) row('action cold start', `skipped: ${c.skipped}`)
  else {
    row(`action cold start, tiny (median of ${c.runs})`, `${c.action_ms} ms, exit ${c.exit_code} (node -e 0: ${c.node_ms} ms)`)
    row('cold start / node -e 0', `${c.ratio.toFixed(2)}x`, `<= ${TARGETS.coldStartRatio}x`, c.target)
    const ex = c.example
    row('  for reference: on the example', `${ex.action_ms} ms, ${ex.ratio.toFixed(2)}x node -e 0 (${ex.node_ms} ms), exit ${ex.exit_code}`)
  }
  const a = result.api_requests
  if (!a) {
    // --only without api
  } else if (a.skipped) row('API requests (3,000-file PR)', `skipped: ${a.skipped}`)
  else {
    row('API requests (PR files, findings)', `${a.requests} (${a.pr_files} files, ${a.findings} findings, ${a.annotations} annotations)`, `<= ${a.limit}`, a.target)
    row('  by route', Object.entries(a.by_route).map(([k, v]) => `${v} ${k}`).join('; '))
  }
  const width = Math.max(...rows.map((x) => x[0].length))
  const vwidth = Math.min(60, Math.max(...rows.map((x) => (x[2] ? x[1].length : 0))))
  return rows.map(([w, v, t, s]) => (t ? `${w.padEnd(width)}  ${v.padEnd(vwidth)}  ${t.padEnd(10)}  ${s}` : `${w.padEnd(width)}  ${v}`)).join('\n')
}

async function main() {
  if (!existsSync(CLI)) fail(`${CLI} does not exist: run \`npm run build\` first`)
  const tmp = mkdtempSync(join(tmpdir(), 'gm-bench-'))
  const cleanup = () => {
    if (!flags.keep) rmSync(tmp, { recursive: true, force: true })
  }
  process.on('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
    const probe = memoryProbe()
    const started = Date.now()
    const result = {
      machine: { node: process.version, cores: cpus().length, load_average_1m: Number(loadavg()[0].toFixed(2)) },
      method: {
        wall_time: 'each side spawned as a node subprocess from this script (node start-up, module load, file reads included), wall clock until exit; medians; CPU time = user + system of the child',
        memory: describeProbe(probe),
        bare_parse: 'scripts/bench/bare-parse.mjs: a bare js-yaml load of every YAML/JSON file the check reads, the matrix included, in one node process',
        start_up: 'on a tiny repository (scripts/bench/startup.mjs), in a runner-like environment (no NODE_* or CA-certificate variables of this shell): the CLI check as npm start runs it (with its code cache, filled by an untimed first run; without it for reference), and dist/index.js started as a runner starts it (schedule event, no token, upload-evidence false), each to exit, interleaved with node -e 0 in the same environment; medians. The same on this repository\'s example, for reference',
      },
    }
    if (only.has('check')) {
      result.check = await benchCheck(tmp, probe)
      result.real = await benchReal({ root: ROOT, cli: CLI, tmp, dir: flags.real, probe, runs, log })
    }
    if (only.has('startup')) {
      log('CLI start-up…')
      result.cli_start = await benchCliStart({ root: ROOT, cli: CLI, tmp })
      log('action cold start…')
      result.cold_start = await benchColdStart({ root: ROOT, tmp, log })
    }
    if (only.has('api')) {
      log('API requests of a 3,000-file PR…')
      result.api_requests = await benchApiRequests({ root: ROOT, tmp, log })
    }
    result.bench_seconds = Math.round((Date.now() - started) / 100) / 10
    result.machine.load_average_1m_at_end = Number(loadavg()[0].toFixed(2))
    if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    else {
      process.stdout.write(`gate-matrix bench: node ${result.machine.node}, ${result.machine.cores} cores, load ${result.machine.load_average_1m} → ${result.machine.load_average_1m_at_end}, ${result.bench_seconds} s\n`)
      process.stdout.write(`wall time: subprocesses, medians; memory: ${result.method.memory}\n`)
      process.stdout.write(`baseline: ${result.method.bare_parse}\n\n`)
      process.stdout.write(table(result) + '\n')
    }
  } finally {
    cleanup()
  }
}

await main()
