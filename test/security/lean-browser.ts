/**
 * A cheap cookie-keeping GET client over `node:http` with a keep-alive agent, for the load test:
 * `fetch` costs several times the CPU per request, and the load test makes thousands on a busy machine.
 */
import { Agent, request } from 'node:http'

const agent = new Agent({ keepAlive: true })

/** What a GET answered: status, Location and the body as text. */
export interface LeanAnswer {
  status: number
  location: string | undefined
  body: string
}

/** One browser: a cookie jar per host (all our cookies use Path=/) and GETs without following redirects. */
export class LeanBrowser {
  readonly #jars = new Map<string, Map<string, string>>()

  get(input: string): Promise<LeanAnswer> {
    const url = new URL(input)
    const jar = this.#jars.get(url.host) ?? new Map<string, string>()
    this.#jars.set(url.host, jar)
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    return new Promise((resolve, reject) => {
      const req = request(url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const pair = line.slice(0, line.indexOf(';') === -1 ? undefined : line.indexOf(';'))
          const eq = pair.indexOf('=')
          const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]
          if (value === '' || /;\s*max-age=0\b/i.test(line)) jar.delete(name)
          else jar.set(name, value)
        }
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.once('error', reject)
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      })
      req.once('error', reject)
      req.end()
    })
  }
}
