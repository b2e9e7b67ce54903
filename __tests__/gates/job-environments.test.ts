import { describe, expect, it } from '@jest/globals'
import { RepoReader } from '../../src/repo/reader.js'
import { loadWorkflow } from '../../src/repo/workflows.js'
import { declaredEnvironments, undeclaredEnvironments } from '../../src/gates/support/job-environments.js'
import { fixtureRepo } from '../support/gates.js'

describe('undeclaredEnvironments', () => {
  it('judges and lists each declared set on its own, also when the sets alternate', () => {
    const path = '.github/workflows/x.yml'
    const load = loadWorkflow(new RepoReader(fixtureRepo({ [path]: 'on: push\njobs:\n  a:\n    environment: Staging\n    steps: [{ run: x }]\n' })), path)
    if (load.kind !== 'ok') throw new Error(load.kind)
    const prod = declaredEnvironments(['production'])
    const both = declaredEnvironments(['staging', 'production'])
    const none = declaredEnvironments([])
    for (let round = 0; round < 2; round++) {
      expect(undeclaredEnvironments(load.workflow, prod).map((f) => f.message)).toEqual([
        'job "a" deploys to environment "Staging", which the matrix does not declare (declared: production); declare it under environments: or fix the workflow',
      ])
      expect(undeclaredEnvironments(load.workflow, both)).toEqual([])
      expect(undeclaredEnvironments(load.workflow, none).map((f) => f.message)).toEqual([
        'job "a" deploys to environment "Staging", which the matrix does not declare (declared: none); declare it under environments: or fix the workflow',
      ])
    }
  })
})
