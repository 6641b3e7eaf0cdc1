#!/usr/bin/env node
// The `tinyflan` command: loads the TypeScript CLI through tsx, so Node runs the same src/core as the app.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
