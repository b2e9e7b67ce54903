// The artifact backend a runner talks to, on loopback: Azurite (the real Azure Storage
// emulator) for the blob, and a small stand-in for GitHub's Twirp results service that
// hands out a SAS-signed Azurite URL and records CreateArtifact / FinalizeArtifact.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inflateRawSync } from 'node:zlib'
import { createRequire } from 'node:module'
import { BlobServiceClient, BlobSASPermissions, SASProtocol, StorageSharedKeyCredential, generateBlobSASQueryParameters } from '@azure/storage-blob'

// Azurite's well-known development account (public, documented by Microsoft).
const ACCOUNT = 'devstoreaccount1'
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const CONTAINER = 'artifacts'
const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'

export interface Azurite {
  url: string
  credential: StorageSharedKeyCredential
  download(blob: string): Promise<Buffer>
  stop(): Promise<void>
}

export async function startAzurite(): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js')
  const child: ChildProcess = spawn(
    process.execPath,
    [main, '--skipApiVersionCheck', '--inMemoryPersistence', '--disableTelemetry', '--blobHost', '127.0.0.1', '--blobPort', '0', '--silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`azurite did not start: ${out}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`azurite exited with ${code}: ${out}`)))
  })
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY)
  const service = new BlobServiceClient(`${url}/${ACCOUNT}`, credential)
  await service.getContainerClient(CONTAINER).create()
  return {
    url,
    credential,
    download: (blob) => service.getContainerClient(CONTAINER).getBlobClient(blob).downloadToBuffer(),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill()
      }),
  }
}

export interface ResultsService {
  url: string
  calls: Array<{ method: string; body: Record<string, unknown> }>
  /** Blob names of created artifacts, by artifact name. */
  blobs: Map<string, string>
  close(): Promise<void>
}

/** `failCreate`: answer CreateArtifact with a 4xx (the client retries 5xx for ~30 s). */
export async function startResultsService(azurite: Azurite, o: { failCreate?: boolean } = {}): Promise<ResultsService> {
  const calls: ResultsService['calls'] = []
  const blobs = new Map<string, string>()
  let nextId = 1000
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (d: Buffer) => (text += d.toString()))
    req.on('end', () => {
      const method = (req.url ?? '').startsWith(TWIRP) ? (req.url ?? '').slice(TWIRP.length) : ''
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      calls.push({ method, body })
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (method === 'CreateArtifact') {
        if (o.failCreate) return reply(403, { code: 'permission_denied', msg: 'artifact storage quota has been hit' })
        const name = String(body.name)
        const blob = `${String(body.workflow_run_backend_id)}/${String(body.workflow_job_run_backend_id)}/${name}.zip`
        blobs.set(name, blob)
        const sas = generateBlobSASQueryParameters(
          { containerName: CONTAINER, blobName: blob, permissions: BlobSASPermissions.parse('cw'), protocol: SASProtocol.HttpsAndHttp, expiresOn: new Date(Date.now() + 3600_000) },
          azurite.credential,
        ).toString()
        return reply(200, { ok: true, signed_upload_url: `${azurite.url}/${ACCOUNT}/${CONTAINER}/${blob}?${sas}` })
      }
      if (method === 'FinalizeArtifact') return reply(200, { ok: true, artifact_id: String(nextId++) })
      return reply(404, { code: 'not_found', msg: `no ${method}` })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    blobs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A runtime token as the runner passes it: a JWT whose `scp` claim names the run and job
 * backends. The client decodes it without verifying. */
export function runtimeToken(runBackendId = 'run-backend-1', jobBackendId = 'job-backend-1'): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: `Actions.GenericRead:0 Actions.Results:${runBackendId}:${jobBackendId}` })}.sig`
}

/** The entries of a zip file, read through its central directory. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  let eocd = zip.length - 22
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) throw new Error('not a zip file')
  const count = zip.readUInt16LE(eocd + 10)
  let p = zip.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10)
    const compressed = zip.readUInt32LE(p + 20)
    const nameLen = zip.readUInt16LE(p + 28)
    const extraLen = zip.readUInt16LE(p + 30)
    const commentLen = zip.readUInt16LE(p + 32)
    const local = zip.readUInt32LE(p + 42)
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(start, start + compressed)
    out.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data))
    p += 46 + nameLen + extraLen + commentLen
  }
  return out
}
