// Runs a command as a subprocess and measures its wall time, CPU time and peak resident
// memory. CPU and memory come from GNU `/usr/bin/time -v` when the machine has it;
// otherwise a preloaded hook in the node child writes process.resourceUsage() at exit.
// CPU time is reported beside wall time because it moves less when the machine is busy.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const GNU_TIME = '/usr/bin/time'

/** 'gnu-time' when `/usr/bin/time -v` reports the maximum resident set size, else 'node-hook'. */
export function memoryProbe() {
  if (!existsSync(GNU_TIME)) return 'node-hook'
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' })
  return /Maximum resident set size/.test(r.stderr ?? '') ? 'gnu-time' : 'node-hook'
}

export function describeProbe(probe) {
  return probe === 'gnu-time' ? '/usr/bin/time -v (maximum resident set size)' : 'process.resourceUsage().maxRSS of the node child, written at exit by a --require hook'
}

/**
 * Spawns `node <args>` and resolves when it exits.
 * @param {{ probe?: 'gnu-time'|'node-hook'|null, tmp: string, cwd?: string, env?: NodeJS.ProcessEnv, label?: string }} o
 *   probe null: wall time only (used for the cold-start runs, where a wrapper would add its own start-up).
 * @returns {Promise<{ code: number|null, signal: string|null, wallMs: number, cpuMs: number|null, maxRssKb: number|null, stdout: string, stderr: string }>}
 */
export function runNode(args, o) {
  const probeFile = join(o.tmp, `probe-${process.pid}-${Math.random().toString(36).slice(2)}.txt`)
  let command = process.execPath
  let argv = args
  if (o.probe === 'gnu-time') {
    command = GNU_TIME
    argv = ['-v', '-o', probeFile, process.execPath, ...args]
  } else if (o.probe === 'node-hook') {
    const hook = join(o.tmp, 'maxrss-hook.cjs')
    if (!existsSync(hook)) {
      writeFileSync(
        hook,
        "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(process.env.GM_BENCH_PROBE_FILE, [u.maxRSS, (u.userCPUTime + u.systemCPUTime) / 1000].join(' ')) })\n",
      )
    }
    argv = ['--require', hook, ...args]
  }
  const env = { ...(o.env ?? process.env), GM_BENCH_PROBE_FILE: probeFile }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, argv, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (b) => out.push(b))
    child.stderr.on('data', (b) => err.push(b))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      let maxRssKb = null
      let cpuMs = null
      if (o.probe && existsSync(probeFile)) {
        const text = readFileSync(probeFile, 'utf8')
        rmSync(probeFile, { force: true })
        if (o.probe === 'gnu-time') {
          const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)
          const user = /User time \(seconds\): ([\d.]+)/.exec(text)
          const sys = /System time \(seconds\): ([\d.]+)/.exec(text)
          maxRssKb = rss ? Number(rss[1]) : null
          cpuMs = user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : null
        } else {
          const [rss, cpu] = text.split(' ').map(Number)
          maxRssKb = Number.isFinite(rss) ? rss : null
          cpuMs = Number.isFinite(cpu) ? cpu : null
        }
      }
      resolve({ code, signal, wallMs, cpuMs, maxRssKb, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
    })
  })
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
