/**
 * Jest for examples/testing/jest.test.ts, run in ESM mode (the package is ESM only):
 * `node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/testing/jest/jest.config.js`.
 * In this repository `oauth-dance/...` is the source, so the specifiers map to src/ as tsconfig.json's
 * "paths" say, and `./x.js` imports to the TypeScript beside them. An app that installed the package
 * needs neither mapping, only the transform.
 * @see https://jestjs.io/docs/ecmascript-modules
 */
import { readFileSync } from 'node:fs'

const tsconfig = JSON.parse(readFileSync(new URL('../../../tsconfig.json', import.meta.url), 'utf8'))

/** `^oauth-dance/express$`: the specifier, exactly. */
const exactly = (specifier) => `^${specifier.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`

export default {
  rootDir: '../../..',
  // Only the example's folder is searched for tests (not the whole repository and its caches).
  roots: ['<rootDir>/examples/testing'],
  testMatch: ['<rootDir>/examples/testing/jest.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '\\.ts$': '<rootDir>/examples/testing/jest/esbuild-transform.js' },
  moduleNameMapper: {
    ...Object.fromEntries(
      Object.entries(tsconfig.compilerOptions.paths).map(([specifier, [source]]) => [
        exactly(specifier),
        `<rootDir>/${source.replace(/^\.\//, '')}`,
      ]),
    ),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
}
