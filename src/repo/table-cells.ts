// Where each cell of a GFM table row is written. markdown-it gives a row's cells no
// positions (their inline tokens have `map === null`), so the row's own source line is split
// the way markdown-it splits it: on pipes not escaped with a backslash.

/** [from, to) source offsets of each cell of the row written in text[from, to). */
export function tableCells(text: string, from: number, to: number): Array<[number, number]> {
  const cells: Array<[number, number]> = []
  let start = from
  for (let i = from; i < to; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '|') {
      cells.push([start, i])
      start = i + 1
    }
  }
  cells.push([start, to])
  // The leading pipe (after any indent or blockquote marker) and the trailing one open and
  // close the row; they delimit no cell.
  if (cells.length > 1 && /^[\s>]*$/.test(text.slice(cells[0][0], cells[0][1]))) cells.shift()
  const last = cells[cells.length - 1]
  if (cells.length > 1 && text.slice(last[0], last[1]).trim() === '') cells.pop()
  return cells
}
