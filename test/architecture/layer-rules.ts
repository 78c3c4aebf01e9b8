import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './imports.js'

/** One row of the layer table: where the layer lives and which other layers it may import. */
export interface Layer {
  name: string
  paths: string[]
  mayImport: string[]
}

/** An arrow that must never exist, with the reason printed when it does. */
export interface Never {
  from: string
  to: string
  why: string
}

/** A package that only some paths may import; `@scope/*` covers the whole scope. */
export interface PackageRule {
  pkg: string
  onlyFrom: string[]
}

/** The rules of ARCHITECTURE.md's "Layer rules" section, so the document and the test cannot drift. */
export interface LayerRules {
  layers: Layer[]
  never: Never[]
  packages: PackageRule[]
}

const HEADING = '## Layer rules'

/** Reads the three tables of the "Layer rules" section, each told apart by its header row. */
export function readLayerRules(markdown = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8')): LayerRules {
  const start = markdown.indexOf(`\n${HEADING}\n`)
  if (start === -1) throw new Error(`ARCHITECTURE.md has no "${HEADING}" section`)
  const rest = markdown.slice(start + HEADING.length + 2)
  const end = rest.search(/^## /m)
  const tables = tablesIn(end === -1 ? rest : rest.slice(0, end))
  const table = (header: string): string[][] => {
    const found = tables.find((t) => t.header.join(' | ') === header)
    if (!found) throw new Error(`"${HEADING}" has no table with the header "${header}"`)
    return found.rows
  }
  return {
    layers: table('layer | paths | may import').map(([name, paths, mayImport]) => ({
      name: name!,
      paths: list(paths!),
      mayImport: mayImport === 'nothing' ? [] : list(mayImport!),
    })),
    never: table('from | to | why').map(([from, to, why]) => ({ from: from!, to: to!, why: why! })),
    packages: table('package | only from').map(([pkg, onlyFrom]) => ({
      pkg: unquote(pkg!),
      onlyFrom: list(onlyFrom!),
    })),
  }
}

/** The layer that holds `file`: the row whose path names it most closely. */
export function layerOf(layers: Layer[], file: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined
  for (const layer of layers) {
    for (const path of layer.paths) {
      if (covers(path, file) && (best === undefined || path.length > best.length)) {
        best = { layer, length: path.length }
      }
    }
  }
  return best?.layer
}

/** True when `path` (a file, or a folder ending in `/`) names `file`. */
export function covers(path: string, file: string): boolean {
  return path.endsWith('/') ? file.startsWith(path) : file === path
}

/** True when a package rule's name (`express`, `@hono/*`) names the package `pkg`. */
export function packageMatches(rule: string, pkg: string): boolean {
  return rule.endsWith('/*') ? pkg.startsWith(rule.slice(0, -1)) : pkg === rule
}

function tablesIn(section: string): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = []
  let current: string[][] | undefined
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined
      continue
    }
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split('|')
      .map((cell) => cell.trim())
    if (current === undefined) {
      current = []
      tables.push({ header: cells.map((cell) => cell.toLowerCase()), rows: current })
    } else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) {
      current.push(cells)
    }
  }
  return tables
}

function list(cell: string): string[] {
  return cell
    .split(',')
    .map((item) => unquote(item.trim()))
    .filter((item) => item.length > 0)
}

function unquote(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1')
}
