/**
 * Launches Debian's headless Chromium through playwright-core, for end-to-end tests. Each launch gets
 * a fresh profile directory, removed on close. Under CI=true a missing browser is an error (the
 * browser tests are required there); elsewhere tests skip with a message.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Where Debian's `chromium` package installs the browser (overridable with CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * True when Chromium is installed. Under CI=true, throws when it is not; elsewhere warns that the
 * browser tests are skipped. Call at module load and pass the result to `describe.skipIf`.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium is required under CI=true but ${CHROMIUM_PATH} is missing (apt-get install chromium).`,
    )
  }
  console.warn(`[tests] ${CHROMIUM_PATH} is missing: skipping the browser tests (apt-get install chromium).`)
  return false
}

/** A launched browser (one fresh profile, so one context); `close()` also removes the profile. */
export interface LaunchedChromium {
  context: BrowserContext
  close(): Promise<void>
}

/** Launches headless Chromium with a fresh profile directory (Playwright's `--user-data-dir`). */
export async function launchChromium(): Promise<LaunchedChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'oauth-dance-chromium-'))
  try {
    // Playwright refuses `--user-data-dir` in args and passes it itself for a persistent context.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      timeout: 20_000,
    })
    return {
      context,
      close: async () => {
        await context.close().catch(() => {})
        await rm(profile, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(profile, { recursive: true, force: true })
    throw error
  }
}
