#!/usr/bin/env node
// Entry point of the `touchstone` CLI: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
const code = await main(process.argv.slice(2));
// Worker pools and keep-alive sockets may outlive the work; the exit code is decided, so leave now.
process.exit(code);
