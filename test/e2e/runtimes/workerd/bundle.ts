/**
 * Bundles worker.ts as wrangler would for a Worker with `nodejs_compat`: the package by its name from
 * the built dist/ (its package.json `exports` and `imports` under workerd's conditions), `node:*`
 * left to workerd.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** The repository root. */
export const root = fileURLToPath(new URL('../../../../', import.meta.url))

/** wrangler's conditions for a Worker: the runtime's own, then the generic worker and browser ones. */
export const WORKERD_CONDITIONS = ['workerd', 'worker', 'browser']

/** A bundled worker: its code, and every input file relative to the root. */
export interface Bundle {
  code: string
  inputs: string[]
}

/** Bundles worker.ts; `oauth-dance` resolves through a node_modules link to the repository, as installed. */
export async function bundleWorker(): Promise<Bundle> {
  const dir = mkdtempSync(join(tmpdir(), 'workerd-bundle-'))
  try {
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(root, join(dir, 'node_modules', 'oauth-dance'), 'dir')
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      conditions: WORKERD_CONDITIONS,
      mainFields: ['browser', 'module', 'main'],
      external: ['node:*', 'cloudflare:*'],
      nodePaths: [join(dir, 'node_modules')],
      // tsconfig.json maps `oauth-dance` to src/ for tsc; a user's bundler sees the published package.
      tsconfigRaw: '{}',
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]?.text
    if (code === undefined) throw new Error('esbuild produced no output')
    return {
      code,
      inputs: Object.keys(result.metafile.inputs).map((input) =>
        relative(root, join(process.cwd(), input)).split('\\').join('/'),
      ),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
