// Where something is: every finding, problem and annotation points at one of these.

/** 1-based. `line`/`column` are omitted where no line exists (a missing file). */
export interface Location {
  path: string
  line?: number
  column?: number
}
