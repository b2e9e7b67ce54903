// The positioned tree's nodes, as both YAML fast paths build them (yaml-tree.ts's event
// builder, yaml-lines.ts's line scanner): a scalar's value set at once, a mapping's or
// sequence's made when first read.
import { CORE_SCHEMA } from 'js-yaml'

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded'

export interface YamlScalar {
  kind: 'scalar'
  start: number
  end: number
  style: ScalarStyle
  value: unknown
}
export interface YamlPair {
  key: YamlNode
  value: YamlNode
}
export interface YamlMap {
  kind: 'map'
  start: number
  items: YamlPair[]
  value: unknown
}
export interface YamlSeq {
  kind: 'seq'
  start: number
  items: YamlNode[]
  value: unknown
}
export interface YamlAlias {
  kind: 'alias'
  start: number
  value: unknown
}
export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias

/** A plain scalar's value as js-yaml's constructor gives it (YAML 1.2 core: null, bool, int, float, else the text). */
export function plainValue(text: string): unknown {
  return CORE_SCHEMA.resolveImplicitScalarTag(text).value
}

/** Sets a key as js-yaml's object map does: `__proto__` as an own key. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true })
  else obj[key] = value
}

// A mapping's or sequence's value is built from its items when it is first read, then kept
// (so a value is the very object its parent's value holds): a workflow's model reads a few
// values, and building them all cost the builder about 50 of its 180 ms on the bench.
// `attach` (tagged files) sets the value instead.
const UNBUILT = Symbol('unbuilt')

abstract class LazyValue {
  private built: unknown = UNBUILT

  constructor(readonly start: number) {}

  protected abstract build(): unknown

  get value(): unknown {
    if (this.built === UNBUILT) this.built = this.build()
    return this.built
  }

  set value(value: unknown) {
    this.built = value
  }
}

export class LazyMap extends LazyValue implements YamlMap {
  readonly kind = 'map'
  readonly items: YamlPair[] = []

  protected build(): unknown {
    const obj: Record<string, unknown> = {}
    for (const pair of this.items) setKey(obj, pair.key.value as string, pair.value.value)
    return obj
  }
}

export class LazySeq extends LazyValue implements YamlSeq {
  readonly kind = 'seq'
  readonly items: YamlNode[] = []

  protected build(): unknown {
    return this.items.map((item) => item.value)
  }
}
