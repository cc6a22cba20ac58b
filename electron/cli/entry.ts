// The bundle's entry: kept apart from main.ts so tests can import runCli without starting a process.
import { main } from './main';

void main();
