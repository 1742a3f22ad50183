// Go's encoding/json escapes `<`, `>`, `&`, U+2028 and U+2029 in strings (HTML-safe output): what
// kubectl's JSON printer, its annotations and its name hashes contain.
const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Applied to JSON.stringify's output (these characters can only occur inside strings). */
export const goJsonEscape = (json: string) => json.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
