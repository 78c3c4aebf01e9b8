/**
 * A Jest transformer that strips the TypeScript from the examples with esbuild (a devDependency
 * already): Jest then runs them as the ES modules they are. Types are tsc's job (`npm run typecheck`),
 * not the test run's.
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
