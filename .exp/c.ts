import { matrixSchema } from '../src/spec/schema.js'; globalThis.x = matrixSchema
