import { evidenceSchema } from '../src/evidence/schema.js'; globalThis.x = evidenceSchema
