/**
 * One version of oauth-dance, materialised for a comparison: a git ref (`git archive`) or a working
 * tree on disk (its tracked and untracked, not ignored files, so uncommitted work counts) copied into
 * its own temporary directory, built there with `tsc -p tsconfig.build.json` into its own `dist`.
 * `node_modules` is a symlink to this checkout's, so both versions run the same dependencies.
 */
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ROOT, tsc } from './build.js'

/** A built version. */
export interface BuiltVersion {
  /** What the user asked for (a ref or a path). */
  spec: string
  /** Short commit, with `+dirty` when a working tree had changes. */
  label: string
  /** Absolute path of the built `dist`. */
  dist: string
  /** Dependencies that differ from this checkout's package.json (then the symlinked node_modules may not fit). */
  dependencyDrift: string[]
  /** Removes the temporary directory. */
  cleanup(): void
}

/** This checkout's root: the git repository refs are read from, and the node_modules both versions use. */
export { ROOT }

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim()

/** Copies a working tree's tracked and untracked (not ignored) files into `dir`; returns its label. */
function copyWorkingTree(tree: string, dir: string): string {
  const listed = git(tree, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    const from = join(tree, file)
    // Deleted but still tracked files are listed too; symlinks and submodules are not sources.
    if (!existsSync(from) || !statSync(from).isFile()) continue
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    cpSync(from, join(dir, file))
  }
  const dirty = git(tree, 'status', '--porcelain', '--untracked-files=normal') !== ''
  return `${git(tree, 'rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`
}

/** Extracts the tree of `ref` into `dir`; returns its short commit. */
function extractRef(ref: string, dir: string): string {
  const commit = git(ROOT, 'rev-parse', '--verify', `${ref}^{commit}`)
  const archive = execFileSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', dir], { input: archive })
  return commit.slice(0, 7)
}

function dependencyNames(file: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }
  return new Map(Object.entries(pkg.dependencies ?? {}))
}

/** Materialises and builds `spec`: a directory on disk is taken as a working tree, anything else as a ref. */
export function buildVersion(spec: string, name: string): BuiltVersion {
  const dir = mkdtempSync(join(tmpdir(), `oauth-dance-${name}-`))
  const cleanup = () => rmSync(dir, { recursive: true, force: true })
  try {
    const path = resolve(spec)
    const label =
      existsSync(path) && statSync(path).isDirectory() ? copyWorkingTree(path, dir) : extractRef(spec, dir)
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true })
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    rmSync(join(dir, 'dist'), { recursive: true, force: true })
    tsc(dir, ['-p', 'tsconfig.build.json'])
    const ours = dependencyNames(join(ROOT, 'package.json'))
    const theirs = dependencyNames(join(dir, 'package.json'))
    const dependencyDrift = [...new Set([...ours.keys(), ...theirs.keys()])]
      .filter((dep) => ours.get(dep) !== theirs.get(dep))
      .map((dep) => `${dep}: here ${ours.get(dep) ?? 'absent'}, ${label} ${theirs.get(dep) ?? 'absent'}`)
    return { spec, label, dist: join(dir, 'dist'), dependencyDrift, cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}
