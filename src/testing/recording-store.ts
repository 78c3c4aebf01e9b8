/**
 * Reading and writing recording files: the only file I/O of `oauth-dance/testing`. `node:fs` is
 * imported when a file is first read or written, so the entry point still loads where there is none.
 */
import { DanceError } from '../errors.js'
import { RECORDING_VERSION, type RecordingFile } from './recorded-call.js'

/** The recording at `path`; `config_invalid` when it is missing, not JSON, or of another version. */
export async function readRecording(path: string): Promise<RecordingFile> {
  const { readFile } = await import('node:fs/promises')
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new DanceError(
      'config_invalid',
      `The recording ${path} cannot be read; record it first (mode 'record').`,
      { cause: error },
    )
  }
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch (error) {
    throw new DanceError('config_invalid', `The recording ${path} is not JSON.`, { cause: error })
  }
  const { version, calls } = (file ?? {}) as Partial<RecordingFile>
  if (version !== RECORDING_VERSION || !Array.isArray(calls)) {
    throw new DanceError(
      'config_invalid',
      `The recording ${path} is not a version ${RECORDING_VERSION} recording; record it again.`,
    )
  }
  return { version, calls }
}

/** Writes `text` to `path`, creating its folder. */
export async function writeRecording(path: string, text: string): Promise<void> {
  const [{ mkdir, writeFile }, { dirname }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ])
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}
