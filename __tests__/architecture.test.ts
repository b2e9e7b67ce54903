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
