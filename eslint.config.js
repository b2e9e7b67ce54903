import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The layers of docs/development.md, enforced as the editor types (the architecture test
// in __tests__/architecture.test.ts checks the whole graph, cycles included).
const upward = (folders, message) => ({ regex: `(^|/)(${folders.join('|')})/`, message })
const actionsOnlyAtTheEdge = { regex: '^@actions/(?!expressions)', message: 'only src/action imports @actions/*' }
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...patterns, actionsOnlyAtTheEdge] }] },
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', '__tests__/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  layer(['src/core/**'], [{ regex: '^\\.\\./', message: 'src/core is the bottom layer: it imports nothing of the project' }, { regex: '^@actions/', message: 'src/core imports no @actions/*' }]),
  layer(['src/repo/**', 'src/spec/**', 'src/evidence/**'], [upward(['gates', 'matrix', 'engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'expressions', 'live'], 'layer 1 imports only src/core (and spec, evidence: src/repo)')]),
  layer(['src/expressions/**'], [upward(['gates', 'matrix', 'engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'repo', 'spec', 'evidence', 'live'], 'expressions import only src/core')]),
  layer(['src/gates/kit.ts', 'src/gates/support/**'], [upward(['assertions', 'builtins', 'matrix', 'engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'the plugin API imports only layers 0-1')]),
  layer(['src/gates/assertions/**', 'src/gates/builtins/**'], [
    { regex: '^\\./(?!registry)', message: 'kinds and built-ins never import each other: shared logic goes to src/gates/support' },
    upward(['assertions', 'builtins', 'matrix', 'engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'kinds and built-ins use the plugin API (src/gates/kit.ts), never the engine or another plugin'),
  ], ['src/gates/*/registry.ts']),
  layer(['src/gates/*/registry.ts'], [upward(['assertions', 'builtins', 'matrix', 'engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'a registry lists its own folder\'s plugins only')]),
  layer(['src/matrix/**'], [upward(['engine', 'report', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/report/**'], [upward(['engine', 'matrix', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/github/**'], [upward(['engine', 'matrix', 'report', 'run-facts', 'init', 'cli', 'action', 'live'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/run-facts/**'], [upward(['engine', 'matrix', 'report', 'github', 'init', 'cli', 'action', 'live'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/init/**'], [upward(['engine', 'matrix', 'report', 'github', 'run-facts', 'cli', 'action', 'live'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/live/**'], [upward(['engine', 'matrix', 'report', 'github', 'run-facts', 'init', 'cli', 'action'], 'layer 4 folders never import each other or what is above them')]),
  layer(['src/engine/**'], [upward(['report', 'github', 'run-facts', 'init', 'cli', 'action', 'live'], 'the engine imports layers 0-3 and src/matrix only')]),
  layer(['src/cli/**'], [upward(['action'], 'the CLI and the action are edges: neither imports the other')]),
)
