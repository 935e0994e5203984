// Where each line of a text starts, so chunks and signatures can be cut by line without re-scanning.

export class LineIndex {
  /** Offset of the first character of each line; line n (1-based) starts at starts[n - 1]. */
  private readonly starts: number[];
  /** Where the last line ends: before a final newline, if there is one. */
  private readonly textEnd: number;

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // A final newline does not open a line of its own: editors show no line there.
    if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
    this.starts = starts;
    this.textEnd = text.endsWith('\n') ? text.length - 1 : text.length;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where 1-based `line` starts. */
  start(line: number): number {
    return this.starts[line - 1];
  }

  /** Offset just past the last character of 1-based `line`, excluding its newline. */
  end(line: number): number {
    return line < this.starts.length ? this.starts[line] - 1 : this.textEnd;
  }

  /** 1-based line and 0-based column of a code-unit offset; cheaper than asking the tree. */
  positionAt(offset: number): { line: number; col: number } {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - starts[low] };
  }

  lineText(line: number): string {
    return this.text.slice(this.start(line), this.end(line));
  }

  /** Text of lines `from`..`to` inclusive, without the newline after the last. */
  slice(from: number, to: number): string {
    return this.text.slice(this.start(from), this.end(to));
  }

  isBlank(line: number): boolean {
    const text = this.text;
    for (let i = this.start(line), end = this.end(line); i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
    }
    return true;
  }
}
