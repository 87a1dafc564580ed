#!/usr/bin/env node
// Generates src/schema/generated/ from proto/ with protobufjs's static generator:
//   devtape.js    static ESM module (encode/decode/fromObject/toObject), numbers for 64-bit fields
//   devtape.d.ts  its types
//   devtape.json  the reflection descriptor, used to validate canonical JSON strictly
// Usage: node tools/gen-schema.mjs [OUT_DIR]   (default src/schema/generated)
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(root, "src/schema/generated"));
const protos = ["proto/devtape/v1/event.proto", "proto/devtape/v1/store.proto"];
const bin = (name) => join(root, "node_modules/.bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });

mkdirSync(out, { recursive: true });
const js = join(out, "devtape.js");
run(bin("pbjs"), ["-t", "static-module", "-w", "esm", "--force-number", "--no-service", "-p", "proto", "-o", js, ...protos]);
run(bin("pbts"), ["--no-comments", "-o", join(out, "devtape.d.ts"), js]);
run(bin("pbjs"), ["-t", "json", "-p", "proto", "-o", join(out, "devtape.json"), ...protos]);
