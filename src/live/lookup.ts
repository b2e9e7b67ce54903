// Name resolution for live probes, with the address check done before any connection: the
// client connects only to an address this function handed it, so a DNS answer cannot aim
// the probe at the runner's own network behind the check's back.
import { lookup as systemLookup } from 'node:dns'
import type { LookupAddress } from 'node:dns'
import { isInternalAddress } from '../core/addresses.js'
import { LiveProbeError } from '../core/live-port.js'

/** Declared names to fixed addresses (the tests' seam: names mapped to 127.0.0.1). */
export type HostMap = Readonly<Record<string, string>>

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

export async function resolveChecked(hostname: string, allowPrivate: boolean, hosts: HostMap | undefined): Promise<LookupAddress[]> {
  const name = hostname.toLowerCase()
  let addresses: LookupAddress[]
  const mapped = hosts?.[name]
  if (mapped !== undefined) {
    addresses = [{ address: mapped, family: mapped.includes(':') ? 6 : 4 }]
  } else {
    addresses = await new Promise((resolve, reject) =>
      systemLookup(name, { all: true }, (err, list) => (err ? reject(new LiveProbeError(`${name} did not resolve (${err.code ?? err.message})`, 'unreachable')) : resolve(list))),
    )
  }
  if (!allowPrivate) {
    // The lowest refused address, not the resolver's first: round-robin order must not change the evidence.
    const refused = addresses.map((a) => a.address).filter(isInternalAddress).sort()[0]
    if (refused !== undefined) {
      throw new LiveProbeError(
        `${name} resolved to ${refused}, a loopback, private, link-local or reserved address: refused (set internal: true on the environment to allow it)`,
        'address_refused',
      )
    }
  }
  return addresses
}

/** A `connect.lookup` for undici and node:tls that only hands out checked addresses. */
export function checkedLookup(allowPrivate: boolean, hosts: HostMap | undefined) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolveChecked(hostname, allowPrivate, hosts).then(
      (list) => (options?.all ? callback(null, list) : callback(null, list[0].address, list[0].family)),
      (e: Error) => callback(e as NodeJS.ErrnoException, ''),
    )
  }
}
