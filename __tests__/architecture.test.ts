// The layout holds: no import cycle (type imports count) and imports only point down.
import { describe, expect, it } from '@jest/globals'
import { cycles, importGraph, layerViolations } from './support/import-graph.js'

describe('architecture', () => {
  const { graph, packages } = importGraph('.')

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(80)
    expect(graph.get('src/engine/index.ts')).toContain('src/matrix/load.ts')
  })

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('keeps every import inside the layer rules', () => {
    expect(layerViolations(graph, packages)).toEqual([])
  })

  it('places src/init at layer 4: it may read the repository and gates/support, not the engine or a sibling', () => {
    expect(graph.get('src/cli/init.ts')).toContain('src/init/index.ts')
    const breach = new Map([
      ['src/init/scan.ts', new Set(['src/repo/reader.ts', 'src/gates/support/job-environments.ts', 'src/engine/index.ts', 'src/matrix/load.ts'])],
      ['src/repo/reader.ts', new Set(['src/init/scan.ts'])],
    ])
    expect(layerViolations(breach, new Map())).toEqual([
      'src/init/scan.ts → src/engine/index.ts: init (layer 4) may not import engine (layer 5)',
      'src/init/scan.ts → src/matrix/load.ts: init may not import matrix, another folder of layer 4',
      'src/repo/reader.ts → src/init/scan.ts: repo (layer 1) may not import init (layer 4)',
    ])
  })

  it('would see a cycle made only of type imports', () => {
    const fixture = importGraph('__tests__/fixtures/import-graph', 'cycle')
    expect(cycles(fixture.graph)).toEqual([['cycle/a.ts', 'cycle/b.ts']])
  })

  it('would see a bottom layer importing the engine and @actions/*, and a kind importing a built-in', () => {
    const fixture = importGraph('__tests__/fixtures/import-graph/breach')
    expect(layerViolations(fixture.graph, fixture.packages)).toEqual([
      'src/core/low.ts → @actions/core: only src/action imports @actions/* (and src/expressions @actions/expressions)',
      'src/core/low.ts → src/engine/high.ts: core (layer 0) may not import engine (layer 5)',
      'src/gates/assertions/a.ts → src/gates/builtins/b.ts: kinds and built-ins never import each other (shared logic goes to gates/support/)',
    ])
  })
})
