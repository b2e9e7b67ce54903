// The explicit list of built-in gates every matrix gets, in evaluation order.
import { artifactsExistGate } from './artifacts-exist.js'
import { changeClassGate } from './change-class.js'
import { environmentsDeclaredGate } from './environments-declared.js'
import { matrixOwnersGate } from './matrix-owners.js'
import { matrixUpdatedGate } from './matrix-updated.js'
import { matrixValidGate } from './matrix-valid.js'
import { promotionOrderGate } from './promotion-order.js'
import type { BuiltinGate } from '../kit.js'
import { waiversCurrentGate } from './waivers-current.js'

export const BUILTIN_GATES: readonly BuiltinGate[] = [
  matrixValidGate,
  artifactsExistGate,
  environmentsDeclaredGate,
  matrixUpdatedGate,
  matrixOwnersGate,
  waiversCurrentGate,
  changeClassGate,
  promotionOrderGate,
]
