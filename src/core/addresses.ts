// Which answers a live probe refuses by default: addresses inside the runner's own network
// (loopback, private, link-local and cloud metadata, unique-local, unspecified) and ones no
// host serves from (multicast, reserved, benchmarking), so a matrix cannot aim probes at
// internal services unless its environment says `internal: true`. Addresses are judged as
// bytes, so every spelling of one (::ffff:7f00:1 is 127.0.0.1) gets the same verdict.
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
  [0xc6120000, 15], // 198.18/15 benchmarking
  [0xe0000000, 4], // 224/4 multicast
  [0xf0000000, 4], // 240/4 reserved, and 255.255.255.255 broadcast
]

function v4Refused(n: number): boolean {
  return V4_REFUSED.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)))
}

const v4Number = (bytes: number[]): number => bytes.reduce((n, b) => n * 256 + b, 0)

/** The 16 bytes of an address isIP calls IPv6 (`::` shorthand, a dotted IPv4 tail, a zone). */
function v6Bytes(ip: string): number[] {
  let text = ip.replace(/%.*$/, '').toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const front = groups(head)
  const back = groups(tail)
  const words = tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back]
  return words.flatMap((w) => [w >> 8, w & 0xff])
}

const startsWith = (bytes: number[], prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** Whether an IPv6 address is refused: internal or reserved ranges, or an IPv4 address inside one
 * (mapped, compatible, translated, NAT64, 6to4) that is. */
function v6Refused(b: number[]): boolean {
  const zeros = (n: number) => Array<number>(n).fill(0)
  const v4At = (i: number) => v4Number(b.slice(i, i + 4))
  if (startsWith(b, zeros(15)) && b[15] <= 1) return true // :: unspecified, ::1 loopback
  if (startsWith(b, [...zeros(10), 0xff, 0xff]) || startsWith(b, zeros(12))) return v4Refused(v4At(12)) // ::ffff:0:0/96 mapped, ::/96 compatible
  if (startsWith(b, [...zeros(8), 0xff, 0xff, 0, 0])) return v4Refused(v4At(12)) // ::ffff:0:0:0/96 translated
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return v4Refused(v4At(12)) // 64:ff9b::/96 NAT64
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, 0, 1])) return true // 64:ff9b:1::/48 local-use NAT64
  if (startsWith(b, [0x20, 0x02])) return v4Refused(v4At(2)) // 2002::/16 6to4
  return (
    (b[0] & 0xfe) === 0xfc || // fc00::/7 unique-local
    (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) || // fe80::/10 link-local
    (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) || // fec0::/10 site-local (deprecated, still routed inside sites)
    b[0] === 0xff // ff00::/8 multicast
  )
}

/** Whether a live probe must not connect to this address without `internal: true`. */
export function isInternalAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return v4Refused(v4Number(ip.split('.').map(Number)))
  if (family === 6) return v6Refused(v6Bytes(ip))
  return true // not an address at all: refuse rather than guess
}
