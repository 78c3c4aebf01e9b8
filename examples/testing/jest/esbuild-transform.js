/**
 * A Jest transformer that strips TypeScript with esbuild, so Jest runs the test files as the ES modules
 * they are. It checks no types: that is tsc's job, not the test run's.
 * @see https://jestjs.io/docs/code-transformation#writing-custom-transformers
 */
import { transformSync } from 'esbuild'

export default {
  process(source, path) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: path,
      sourcemap: 'external',
    })
    return { code, map }
  },
}
