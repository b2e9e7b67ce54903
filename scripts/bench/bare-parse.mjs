// The baseline of the benchmark: read and parse every YAML/JSON file the check reads,
// with the same parser and options as the engine (src/repo/yaml.ts), in one process.
// Usage: node scripts/bench/bare-parse.mjs ROOT LIST_FILE (one repository path a line).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'

const [root, listFile] = process.argv.slice(2)
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean)
let nodes = 0
for (const rel of files) {
  const lineCounter = new LineCounter()
  const doc = parseDocument(readFileSync(join(root, rel), 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true })
  if (doc.errors.length) {
    console.error(`${rel}: ${doc.errors[0].message}`)
    process.exit(2)
  }
  // Touch the result so the parse cannot be optimised away.
  if (doc.contents) nodes++
}
console.log(JSON.stringify({ files: files.length, documents: nodes }))
