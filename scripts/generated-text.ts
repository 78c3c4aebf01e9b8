/**
 * What the scripts that write generated text into Markdown share: the marked section they fill, the
 * comparison that ignores a formatter's table padding, and the write-or-check command line.
 */
import { writeFileSync } from 'node:fs'

/** A file a script maintains, with its current and its up-to-date contents. */
export interface GeneratedFile {
  path: string
  current: string
  expected: string
}

/** Replaces the text between `<!-- <family>:<name>:start -->` and `<!-- <family>:<name>:end -->`. */
export function fillMarkers(document: string, family: string, name: string, content: string): string {
  const start = `<!-- ${family}:${name}:start -->`
  const end = `<!-- ${family}:${name}:end -->`
  const from = document.indexOf(start)
  const to = document.indexOf(end)
  if (from === -1 || to < from) throw new Error(`The markers ${start} … ${end} are missing.`)
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`
}

/**
 * A document with table cells unpadded and rulers shortened, so a Markdown formatter's alignment
 * (Biome pads cells) does not count as a difference.
 */
export function normalizeTables(document: string): string {
  return document
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line.replace(/\s*(?<!\\)\|\s*/g, '|').replace(/\|:?-{3,}:?(?=\|)/g, '|---')
        : line,
    )
    .join('\n')
}

/** Writes every stale file, or with `--check` names them and exits 1. */
export function writeOrCheck(
  files: readonly GeneratedFile[],
  command: string,
  argv: readonly string[],
): void {
  const check = argv.includes('--check')
  let stale = false
  for (const file of files) {
    if (normalizeTables(file.current) === normalizeTables(file.expected)) continue
    stale = true
    if (check) console.error(`${file.path} is out of date: run ${command}`)
    else writeFileSync(file.path, file.expected)
  }
  if (check && stale) process.exit(1)
}
