// `sts shell`'s history: one file beside the cluster's (`<cluster file>.history`), a line per command,
// appended as each is entered so several shells on one cluster all keep theirs; and Ctrl-R's reverse
// incremental search over it (GNU readline's reverse-search-history, which Node's readline lacks).
import { appendFileSync, readFileSync } from 'node:fs';

/** How many lines a session loads (and readline keeps). */
export const HISTORY_SIZE = 1000;

export const historyFile = (statePath: string) => `${statePath}.history`;

/** The history, newest first (as readline keeps it), without repeats; a missing file is an empty history. */
export function loadHistory(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const newestFirst: string[] = [];
  for (const line of text.split('\n').reverse()) {
    if (!line || seen.has(line)) continue;
    seen.add(line);
    newestFirst.push(line);
    if (newestFirst.length === HISTORY_SIZE) break;
  }
  return newestFirst;
}

/** Keep a line for later sessions; a line starting with a blank stays out (bash's ignorespace). */
export function rememberLine(file: string, line: string): void {
  if (!line.trim() || /^\s/.test(line) || line.includes('\n')) return;
  try {
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  } catch {
    /* a history that cannot be written is not worth stopping the shell for */
  }
}

/**
 * Ctrl-R: the query typed so far and the newest entry containing it, at or older than the last match;
 * Ctrl-R again looks further back. Pure: the shell draws it and decides what keys mean.
 */
export class ReverseSearch {
  query = '';
  /** the index in the history (newest first) of the match shown, -1 for none */
  index = -1;
  failed = false;

  constructor(private readonly history: readonly string[]) {}

  get match(): string {
    return this.index >= 0 ? this.history[this.index] : '';
  }

  /** The query grew or shrank: search again from the newest entry. */
  setQuery(query: string): void {
    this.query = query;
    this.find(0);
  }

  /** Ctrl-R again: the next older entry with the query. */
  older(): void {
    this.find(this.index + 1);
  }

  private find(from: number): void {
    if (!this.query) {
      this.index = -1;
      this.failed = false;
      return;
    }
    const i = this.history.findIndex((h, n) => n >= from && h.includes(this.query));
    this.failed = i < 0;
    if (i >= 0) this.index = i;
  }

  /** What stands in place of the prompt, as bash shows it. */
  prompt(): string {
    return `(${this.failed ? 'failed ' : ''}reverse-i-search)\`${this.query}': `;
  }
}
