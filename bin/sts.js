#!/usr/bin/env node
// The `sts` executable: the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { main, processIo } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
