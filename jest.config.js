// ESM all the way: @actions/* are ESM-only, so ts-jest emits ESM and jest runs it under
// --experimental-vm-modules. isolatedModules skips ts-jest's type-check (about 10x
// faster); `npm run typecheck` runs tsc over the same files instead.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
}
