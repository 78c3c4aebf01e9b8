import type { Import } from './imports.js'

/** File → the files it imports, with the import that makes each edge (for `type` marks in chains). */
export type Graph = Map<string, Map<string, Import>>

/** The file graph of some imports: package imports and unresolved ones draw no edge. */
export function fileGraph(files: string[], imports: Import[]): Graph {
  const graph: Graph = new Map(files.map((file) => [file, new Map()]))
  for (const edge of imports) {
    if (edge.file === undefined) continue
    const targets = graph.get(edge.from) ?? new Map<string, Import>()
    graph.set(edge.from, targets)
    // A value import of the same file outweighs a type-only one: the edge then exists at run time.
    const known = targets.get(edge.file)
    if (known === undefined || (known.typeOnly && !edge.typeOnly)) targets.set(edge.file, edge)
  }
  return graph
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function tangles(graph: Graph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const connect = (file: string): void => {
    index.set(file, next)
    low.set(file, next)
    next++
    stack.push(file)
    onStack.add(file)
    for (const to of graph.get(file)?.keys() ?? []) {
      if (!index.has(to)) {
        connect(to)
        low.set(file, Math.min(low.get(file)!, low.get(to)!))
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    if (component.length > 1 || graph.get(file)?.has(file)) found.push(component.sort())
  }
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file)
  return found
}

/**
 * Loops that together use every edge inside one tangle: for each edge not yet shown, the shortest
 * loop through it. Every import that keeps the tangle together thus appears in some printed chain,
 * without listing the (possibly thousands of) distinct loops one by one.
 */
export function loopsCovering(graph: Graph, tangle: string[]): string[][] {
  const inside = new Set(tangle)
  const shown = new Set<string>()
  const loops: string[][] = []
  for (const from of tangle) {
    for (const to of [...(graph.get(from)?.keys() ?? [])].sort()) {
      if (!inside.has(to) || shown.has(`${from}>${to}`)) continue
      const back = to === from ? [to] : shortestPath(graph, to, (file) => file === from, inside)
      if (back === undefined) continue
      const loop = [from, ...back]
      loops.push(loop)
      for (let i = 0; i < loop.length - 1; i++) shown.add(`${loop[i]}>${loop[i + 1]}`)
    }
  }
  return loops
}

/** The shortest chain of imports from `start` to a file `isGoal` accepts, optionally within `allowed`. */
export function shortestPath(
  graph: Graph,
  start: string,
  isGoal: (file: string) => boolean,
  allowed?: Set<string>,
): string[] | undefined {
  const cameFrom = new Map<string, string | undefined>([[start, undefined]])
  const queue = [start]
  for (let head = 0; head < queue.length; head++) {
    const file = queue[head]!
    if (isGoal(file)) return unwind(cameFrom, file)
    for (const to of [...(graph.get(file)?.keys() ?? [])].sort()) {
      if (cameFrom.has(to) || (allowed !== undefined && !allowed.has(to))) continue
      cameFrom.set(to, file)
      queue.push(to)
    }
  }
  return undefined
}

function unwind(cameFrom: Map<string, string | undefined>, last: string): string[] {
  const path = [last]
  for (let at = cameFrom.get(last); at !== undefined; at = cameFrom.get(at)) path.unshift(at)
  return path
}

/** `a.ts → b.ts ⇢ c.ts`: a dashed arrow marks an import that exists for types alone. */
export function chain(graph: Graph, files: string[]): string {
  let text = files[0]!
  for (let i = 1; i < files.length; i++) {
    const edge = graph.get(files[i - 1]!)?.get(files[i]!)
    text += `${edge?.typeOnly ? ' ⇢ ' : ' → '}${files[i]}`
  }
  return text
}
