// The baseline of the benchmark: read every YAML/JSON file the check reads and parse it
// with the fastest plain parser there is here (a bare js-yaml `load`), in one process; the
// subprocess also pays one Node start-up, as the check does.
// Usage: node scripts/bench/bare-parse.mjs ROOT LIST_FILE (one repository path a line).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'

const [root, listFile] = process.argv.slice(2)
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean)
let documents = 0
let refused = 0
for (const rel of files) {
  const text = readFileSync(join(root, rel), 'utf8')
  try {
    // Touch the result so the parse cannot be optimised away.
    if (load(text) !== undefined) documents++
  } catch {
    // A file js-yaml refuses (the check reads it through `yaml`): counted, not fatal.
    refused++
  }
}
console.log(JSON.stringify({ files: files.length, documents, refused }))
