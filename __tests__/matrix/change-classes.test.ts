import { describe, expect, it } from '@jest/globals'
import { classifyChanges } from '../../src/spec/change-classes.js'
import type { MatrixSpec } from '../../src/spec/schema.js'

const spec = {
  version: 1,
  environments: {},
  gates: [],
  change_classes: { web: ['website/**', 'apps/web/**'], api: ['apps/api/**'], config: ['deploy/**', '.github/**', '**/*.json'] },
} as MatrixSpec

describe('classifyChanges', () => {
  it('maps each file to its sorted classes and lists the classes hit, sorted and unique', () => {
    const { byFile, classes } = classifyChanges(spec, ['website/a.html', 'apps/api/package.json', '.github/workflows/ci.yml', 'README.md', 'apps/web/b.ts'])
    expect(Object.fromEntries(byFile)).toEqual({
      'website/a.html': ['web'],
      'apps/api/package.json': ['api', 'config'],
      '.github/workflows/ci.yml': ['config'],
      'README.md': [],
      'apps/web/b.ts': ['web'],
    })
    expect(classes).toEqual(['api', 'config', 'web'])
  })

  it('a matrix without change_classes classes nothing', () => {
    const { byFile, classes } = classifyChanges({ ...spec, change_classes: undefined }, ['a'])
    expect(byFile.get('a')).toEqual([])
    expect(classes).toEqual([])
  })
})
