// A memo whose keys come from the input (paths, globs, texts): it forgets everything when it
// reaches its limit, so a large or hostile input cannot grow it without bound.
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>()

  constructor(private readonly limit: number) {}

  /** The value kept for `key`, or `compute(key)`, kept. */
  get(key: K, compute: (key: K) => V): V {
    let value = this.map.get(key)
    if (value === undefined) {
      value = compute(key)
      if (this.map.size >= this.limit) this.map.clear()
      this.map.set(key, value)
    }
    return value
  }
}
