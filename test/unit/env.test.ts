import { describe, expect, it } from "vitest";
import { readEnv } from "../../server/env";

describe("environment", () => {
  it("reads defaults and trusts no proxy unless told", () => {
    const env = readEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.LONGPREF_TRUST_PROXY).toBeUndefined();
  });

  it("reads LONGPREF_TRUST_PROXY as hops or addresses", () => {
    expect(readEnv({ LONGPREF_TRUST_PROXY: "1" }).LONGPREF_TRUST_PROXY).toBe(1);
    expect(readEnv({ LONGPREF_TRUST_PROXY: "loopback, 10.0.0.0/8" }).LONGPREF_TRUST_PROXY).toBe("loopback, 10.0.0.0/8");
  });

  it("stops on a bad value, naming the variable", () => {
    expect(() => readEnv({ LONGPREF_TRUST_PROXY: "a;b" })).toThrow(/LONGPREF_TRUST_PROXY: hops/);
    expect(() => readEnv({ PORT: "http" })).toThrow(/PORT/);
  });
});
