// devtape migrate FILE: bring a store written by an older devtape to this schema.
import type { Command } from "commander";
import { SCHEMA_VERSION } from "../store/migrations.js";
import { Store } from "../store/store.js";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description(`upgrade a store in place to schema ${SCHEMA_VERSION} (events are kept as they are)`)
    .argument("<file>", "a .devtape store")
    .action((file: string) => {
      Store.open(file, { mode: "write" }).close();
      process.stdout.write(`${file}: at store schema ${SCHEMA_VERSION}\n`);
    });
}
