#!/usr/bin/env node
// The `sts` executable: the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { main } from '../dist/cli/main.js';

await main(process.argv.slice(2));
