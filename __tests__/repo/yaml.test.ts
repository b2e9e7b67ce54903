import { describe, expect, it } from '@jest/globals'
import { parsePositioned } from '../../src/repo/yaml.js'

describe('keys that become one JS key', () => {
  it('refuses 1 and "1" in one mapping, as it refuses any duplicate, at the repeat', () => {
    const doc = parsePositioned('x.yml', 'envs:\n  1: { a: x }\n  "1": { b: y }\n')
    expect(doc.problems).toEqual([expect.objectContaining({ message: 'Map keys must be unique', line: 3, column: 3 })])
  })

  // The fast tree scans a short mapping for a repeat and keeps a set of a long one's keys.
  it.each([3, 16, 17, 40])('refuses a repeated key in a mapping of %i keys, at the repeat', (n) => {
    const keys = Array.from({ length: n }, (_, i) => `  k${i}: ${i}`)
    const doc = parsePositioned('x.yml', `m:\n${keys.join('\n')}\n  k${n - 1}: again\n`)
    expect(doc.problems).toEqual([expect.objectContaining({ message: 'Map keys must be unique', line: n + 2, column: 3 })])
    expect(parsePositioned('x.yml', `m:\n${keys.join('\n')}\n`).value).toEqual({ m: Object.fromEntries(keys.map((_, i) => [`k${i}`, i])) })
  })

  it("gives a mapping's value as the very object its parent's value holds, and __proto__ as an own key", () => {
    const doc = parsePositioned('x.yml', 'a:\n  b: [1, { c: 2 }]\n  __proto__: { d: 3 }\n')
    const root = doc.root as { items: Array<{ value: { value: unknown; items: Array<{ value: { value: unknown } }> } }> }
    const a = root.items[0].value
    expect((doc.value as { a: unknown }).a).toBe(a.value)
    expect((a.value as { b: unknown }).b).toBe(a.items[0].value.value)
    expect(Object.hasOwn(a.value as object, '__proto__')).toBe(true)
    expect(JSON.stringify(doc.value)).toBe('{"a":{"b":[1,{"c":2}],"__proto__":{"d":3}}}')
  })
})

describe('aliases and merge keys', () => {
  const compose = 'base: &base\n  image: app\n  restart: no\nother: &other\n  restart: always\n  user: web\nsvc:\n  restart: on-failure\n  <<: [*base, *other]\n'

  it('resolves `<<` in data files: explicit keys win, then the earlier source, at the key where the value is written', () => {
    const doc = parsePositioned('docker-compose.yml', compose, 'resolve')
    expect(doc.problems).toEqual([])
    expect(doc.value).toMatchObject({ svc: { restart: 'on-failure', image: 'app', user: 'web' } })
    expect(doc.locate(['svc', 'restart']).location).toMatchObject({ line: 8, column: 12 })
    expect(doc.locate(['svc', 'image']).location).toMatchObject({ line: 2, column: 10 })
    expect(doc.locate(['svc', 'user']).location).toMatchObject({ line: 6, column: 9 })
  })

  it('keeps `<<` an ordinary key unless asked, and a quoted "<<" is always one', () => {
    expect(parsePositioned('m.yml', compose).locate(['svc', 'image']).found).toBe(false)
    const quoted = parsePositioned('x.yml', 'a: &a { k: 1 }\nb:\n  "<<": *a\n', 'resolve')
    expect(quoted.value).toEqual({ a: { k: 1 }, b: { '<<': { k: 1 } } })
  })

  it('treats an inline `<<: {…}` (no alias in the file) as the merge key it is, in every mode', () => {
    const data = parsePositioned('compose.yml', 'services:\n  web:\n    image: app\n    <<: { privileged: true }\n', 'resolve')
    expect(data.value).toEqual({ services: { web: { image: 'app', privileged: true } } })
    const workflow = parsePositioned('w.yml', 'jobs:\n  a:\n    <<: { runs-on: ubuntu-latest }\n', 'reject')
    expect(workflow.problems).toEqual([expect.objectContaining({ line: 3, column: 5, message: expect.stringContaining('merge keys (`<<`) are not supported') })])
    expect(parsePositioned('m.yml', 'a:\n  <<: { k: 1 }\n').value).toEqual({ a: { '<<': { k: 1 } } })
  })

  it('reports every `<<` of a workflow at the key, as GitHub refuses them', () => {
    const doc = parsePositioned('w.yml', 'x: &d { runs-on: ubuntu-latest }\njobs:\n  a:\n    <<: *d\n', 'reject')
    expect(doc.problems).toEqual([expect.objectContaining({ line: 4, column: 5, message: expect.stringContaining('merge keys (`<<`) are not supported') })])
  })

  it('follows an alias to the node where its value is written', () => {
    const doc = parsePositioned('w.yml', 'a: &cmd "make || true"\nb:\n  - run: *cmd\n')
    const { location, found } = doc.locate(['b', 0, 'run'])
    expect({ found, line: location.line, column: location.column }).toEqual({ found: true, line: 1, column: 9 })
  })

  it('refuses more merged keys than it can bound, at the merge that crosses the bound', () => {
    const big = Array.from({ length: 400 }, (_, i) => `  k${i}: ${i}`).join('\n')
    const services = Array.from({ length: 300 }, (_, i) => `s${i}: { <<: *big }`).join('\n')
    const doc = parsePositioned('laughs.yml', `big: &big\n${big}\n${services}\n`, 'resolve')
    expect(doc.value).toBeUndefined()
    expect(doc.problems).toEqual([expect.objectContaining({ line: 652, message: expect.stringContaining('more than 100000 keys') })])
  })

  it('reads a compose file as large as real ones (100 services merging defaults that merge 10 more)', () => {
    // yaml's alias bound was 1,000 and refused getsentry/self-hosted's docker-compose.yml.
    const dependsOn = Array.from({ length: 10 }, (_, k) => `    d${k}: { <<: *healthy }`).join('\n')
    const services = Array.from({ length: 100 }, (_, i) => `  s${i}: { <<: *defaults }`).join('\n')
    const doc = parsePositioned('docker-compose.yml', `x-h: &healthy\n  condition: service_healthy\nx-d: &defaults\n  restart: unless-stopped\n  depends_on:\n${dependsOn}\nservices:\n${services}\n`, 'resolve')
    expect(doc.problems).toEqual([])
    expect(doc.locate(['services', 's99', 'depends_on', 'd9', 'condition'])).toMatchObject({ found: true, location: { line: 2, column: 14 } })
  })

  it('places a merge source that is not a mapping', () => {
    const doc = parsePositioned('x.yml', 'l: &l [1]\ns:\n  <<: *l\n', 'resolve')
    expect(doc.problems).toEqual([expect.objectContaining({ line: 3, column: 7, message: expect.stringContaining('must name a mapping') })])
  })
})
