// One line index for every text the engine positions findings in.

/** Lines of a text file, without their line endings (a final newline ends the last line). */
export function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Offsets at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** 1-based line and column of a string offset. */
export function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 }
}

/**
 * positionAt for lookups that mostly come in source order (a tree read top to bottom): the
 * line of the previous lookup and the next one are tried before a binary search. Lines
 * start at strictly increasing offsets, so the line found is the one positionAt finds.
 */
export class LineCursor {
  private line = 0

  constructor(private readonly starts: number[]) {}

  positionAt(offset: number): { line: number; column: number } {
    const starts = this.starts
    let i = this.line
    if (!(starts[i] <= offset && (i + 1 === starts.length || offset < starts[i + 1]))) {
      i++
      if (!(i < starts.length && starts[i] <= offset && (i + 1 === starts.length || offset < starts[i + 1]))) i = positionAt(starts, offset).line - 1
      this.line = i
    }
    return { line: i + 1, column: offset - starts[i] + 1 }
  }
}
