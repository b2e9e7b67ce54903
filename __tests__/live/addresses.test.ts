import { describe, expect, it } from '@jest/globals'
import { isInternalAddress } from '../../src/core/addresses.js'

describe('isInternalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', 'not-an-ip'])(
    'refuses %s',
    (ip) => expect(isInternalAddress(ip)).toBe(true),
  )
  it.each(['224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255', '198.18.0.1', '198.19.255.255'])('refuses multicast, reserved and benchmarking %s', (ip) =>
    expect(isInternalAddress(ip)).toBe(true),
  )
  // Every spelling of 127.0.0.1, 10.0.0.1 or 169.254.169.254 inside IPv6 (the URL parser writes [::ffff:127.0.0.1] as [::ffff:7f00:1]).
  it.each([
    '::ffff:7f00:1',
    '::FFFF:7F00:0001',
    '0:0:0:0:0:ffff:7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '::7f00:1', // IPv4-compatible
    '::127.0.0.1',
    '::ffff:0:a00:1', // IPv4-translated
    '64:ff9b::7f00:1', // NAT64
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::1', // local-use NAT64
    '2002:7f00:1::', // 6to4
    '2002:a9fe:a9fe::1',
    'fec0::1', // site-local
    'ff02::1', // multicast
    'fe80::1%eth0',
  ])('refuses %s', (ip) => expect(isInternalAddress(ip)).toBe(true))
  it.each(['93.184.216.34', '172.32.0.1', '8.8.8.8', '198.20.0.1', '223.255.255.255', '2606:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1', '2001:db8::1'])(
    'allows %s',
    (ip) => expect(isInternalAddress(ip)).toBe(false),
  )
})
