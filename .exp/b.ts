import { ASSERTION_KINDS } from '../src/gates/assertions/registry.js'; globalThis.x = ASSERTION_KINDS
