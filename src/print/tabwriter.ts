// Go's text/tabwriter (left-aligned, space padding), which kubectl lays out all text with:
// `get` tables use minwidth 6 / padding 3, `describe` minwidth 0 / padding 2. Cells are
// tab-terminated; the text after a line's last tab is not part of any column and is never padded.
// Columns are aligned per block of consecutive lines that have a cell in that column.

export interface TabOptions {
  minWidth: number;
  padding: number;
}

export function tabwrite(text: string, opts: TabOptions): string {
  const hasFinalNewline = text.endsWith('\n');
  const lines = (hasFinalNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const width = (s: string) => Buffer.byteLength(s, 'utf8');

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      cells.forEach((c, j) => {
        s += c;
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j] - width(c)));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let w = opts.minWidth;
      for (; t < line1; t++) {
        const cells = lines[t];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]) + opts.padding);
      }
      widths.push(w);
      format(line0, t);
      widths.pop();
      line0 = t; // line t ended the block: it has no cell in this column, so skipping it is right
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (hasFinalNewline ? '\n' : '');
}

/** A kubectl table: rows of cells, header first; the last column is never padded. */
export function table(rows: string[][]): string {
  if (!rows.length) return '';
  const clean = (c: string) => {
    const i = c.indexOf('\n');
    return (i >= 0 ? `${c.slice(0, i)}...` : c).replace(/\t/g, ' ');
  };
  return tabwrite(rows.map((r) => r.map(clean).join('\t')).join('\n') + '\n', { minWidth: 6, padding: 3 });
}
