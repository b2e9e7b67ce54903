// A loopback DNS server (UDP on 127.0.0.1, port 0) answering from a table: records per
// name and type, NXDOMAIN for unknown names, SERVFAIL or silence for names told so.
import { createSocket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import * as packet from 'dns-packet'

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 }

export type Zone = Record<string, Partial<Record<'A' | 'AAAA' | 'CNAME' | 'CAA' | 'TXT', unknown[]>> | 'servfail' | 'silent'>

export async function dnsServer(zone: Zone): Promise<{ server: string; close(): Promise<void> }> {
  const socket = createSocket('udp4')
  socket.on('message', (msg, rinfo) => {
    const query = packet.decode(msg)
    const q = query.questions?.[0]
    if (!q) return
    const entry = zone[q.name.toLowerCase()]
    if (entry === 'silent') return
    // dns-packet writes the response code from the low four bits of `flags`.
    const reply = (rcode: number, answers: packet.Answer[] = []) =>
      socket.send(packet.encode({ id: query.id, type: 'response', flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | rcode, questions: [q], answers }), rinfo.port, rinfo.address)
    if (entry === undefined) return reply(RCODE.NXDOMAIN)
    if (entry === 'servfail') return reply(RCODE.SERVFAIL)
    const data = entry[q.type as keyof typeof entry] ?? []
    reply(RCODE.NOERROR, data.map((d) => ({ name: q.name, type: q.type, ttl: 60, class: 'IN', data: d }) as packet.Answer))
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return { server: `127.0.0.1:${(socket.address() as AddressInfo).port}`, close: () => new Promise((resolve) => socket.close(() => resolve())) }
}
