import { createRequire } from "node:module";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { STORED_EVENT_FIELDS } from "../../src/store/chunk-codec.js";

const require = createRequire(import.meta.url);

describe("the store's event encoder", () => {
  it("accounts for every field of devtape.v1.Event (add a field to event.proto, then to encodeStoredEvent)", () => {
    const root = protobuf.Root.fromJSON(require("../../src/schema/generated/devtape.json"));
    const fields = root.lookupType("devtape.v1.Event").fieldsArray.map((f) => f.name);
    expect([...STORED_EVENT_FIELDS].sort()).toEqual([...fields].sort());
  });
});
