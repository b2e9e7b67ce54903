// `gate-matrix init`: a starting matrix for a repository, from what its workflows, docs and
// host files already say. The CLI writes it and validates it with the engine.
import { RepoReader } from '../repo/reader.js'
import { renderMatrix } from './render.js'
import { scanRepository } from './scan.js'

export interface InitResult {
  text: string
  gates: number
  environments: number
}

export function initMatrix(root: string): InitResult {
  return renderMatrix(scanRepository(new RepoReader(root)))
}
