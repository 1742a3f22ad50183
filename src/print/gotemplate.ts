// Go's text/template, as kubectl's -o go-template and --template use it (cli-runtime printers/template.go:
// missingkey=default, the extra functions `exists` and `base64decode`): the lexer and parser live in
// gotemplate/parse.ts, the executor in gotemplate/exec.ts, builtin functions in gotemplate/funcs.ts.
export { goTemplate } from './gotemplate/exec.js';
export { goPrint, sprintf } from './gotemplate/funcs.js';
export { TemplateError } from './gotemplate/parse.js';
