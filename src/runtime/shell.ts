// A small POSIX-ish shell (dash's messages) and the commands people run in a StatefulSet's pods:
// parser, interpreter and registry of programs live in shell/; this is the name importers use.
export { type Io, Shell } from './shell/interpret.js';
