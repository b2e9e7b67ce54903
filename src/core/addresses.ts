// Which answers a live probe refuses by default: addresses inside the runner's own network
// (loopback, private, link-local and cloud metadata, unique-local, unspecified), so a
// matrix cannot aim probes at internal services unless its environment says `internal: true`.
import { isIP } from 'node:net'

const V4_REFUSED: ReadonlyArray<[number, number]> = [
  // [network as a 32-bit number, prefix length]
  [0x00000000, 8], // 0/8 "this network"
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT
  [0x7f000000, 8], // 127/8 loopback
  [0xa9fe0000, 16], // 169.254/16 link-local, cloud metadata
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
]

function v4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)
}

function v4Refused(ip: string): boolean {
  const n = v4Number(ip)
  return V4_REFUSED.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)))
}

/** Whether an address is loopback, private, link-local or unspecified (IPv4 or IPv6). */
export function isInternalAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return v4Refused(ip)
  if (family !== 6) return true // not an address at all: refuse rather than guess
  const lower = ip.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (mapped) return v4Refused(mapped[1])
  if (lower === '::' || lower === '::1') return true
  const first = parseInt(lower.split(':')[0] || '0', 16)
  return (first & 0xfe00) === 0xfc00 /* fc00::/7 */ || (first & 0xffc0) === 0xfe80 /* fe80::/10 */
}
