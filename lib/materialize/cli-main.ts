/** Entry point of the bundled `dm` CLI (see cli.ts). */
import { main } from "./cli";

process.exitCode = main(process.argv.slice(2));
