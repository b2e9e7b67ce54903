// The `yaml` package, loaded the first time a file needs it: js-yaml's events give the tree
// of almost every file (yaml-tree.ts) and `yaml` parses only what js-yaml refuses, while
// loading it costs every start about 14 ms. The bundle builds this module from
// scripts/build.mjs (lazyYaml), whose `require('yaml')` esbuild bundles as a module that
// runs on its first call.
import { createRequire } from 'node:module'

export type YamlPackage = typeof import('yaml')

let loaded: YamlPackage | undefined

export function yamlPackage(): YamlPackage {
  return (loaded ??= createRequire(import.meta.url)('yaml') as YamlPackage)
}
