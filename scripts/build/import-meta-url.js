// Injected into every CommonJS bundle (scripts/build.mjs): the value of `import.meta.url`,
// which esbuild's CommonJS output would otherwise leave undefined.
/* global __filename */
import { pathToFileURL } from 'node:url'

export const importMetaUrl = pathToFileURL(__filename).href
