// Duplicate keys in a JSON body, as the API server's strict decoder reports them (`duplicate field
// "spec.replicas"`): JSON.parse keeps the last silently, so the text is scanned for them first.

/** The paths of keys given twice in one object (`spec.template.spec.containers[0].image`), in document order. */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const value = (path: string, depth: number): void => {
    if (depth > 1000) throw new Error('too deep');
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const seen = new Set<string>();
      for (;;) {
        ws();
        if (text[i] === '}' || i >= text.length) break;
        const key = str();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) out.push(at);
        seen.add(key);
        ws();
        i++; // :
        value(at, depth + 1);
        ws();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (ch === '[') {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']' || i >= text.length) break;
        value(`${path}[${n}]`, depth + 1);
        ws();
        if (text[i] === ',') i++;
      }
      i++;
    } else if (ch === '"') str();
    else while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++;
  };
  try {
    value('', 0);
  } catch {
    return []; // not JSON the scanner follows: the parser says what is wrong
  }
  return out;
}
