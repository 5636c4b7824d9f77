#!/usr/bin/env node
import { runCli } from '../cli/program.js';

const code = await runCli(process.argv);
// A command that failed exits now; `serve` keeps running until SIGINT/SIGTERM.
if (code !== 0) process.exit(code);
