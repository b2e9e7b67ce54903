import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fastTree } from './tmp-yt.mjs'
const files = readFileSync('/tmp/sp/list.txt', 'utf8').split('\n').filter(Boolean).map(f => readFileSync(join('/tmp/sp/repo', f), 'utf8'))
for (let r = 0; r < 3; r++) { const t = performance.now(); let n = 0; for (const s of files) n += fastTree(s) ? 1 : 0; console.log('fastTree', Math.round(performance.now() - t), n) }
