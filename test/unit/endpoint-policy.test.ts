import { describe, expect, it } from "vitest";
import { endpointPolicy, hostAllowed, keyEnvProblem, parseHostRules, type HostRules } from "../../server/endpoint-policy";

const rules = (text: string) => parseHostRules(text) as HostRules;

describe("endpoint policy", () => {
  it.each([
    ["LONGPREF_KEY_OPENAI", "", true],
    ["OPENAI_API_KEY", "", false],
    ["OPENAI_API_KEY", "OPENAI_API_KEY, GLM_KEY", true],
    ["LONGPREF_ADMIN_PASSWORD", "LONGPREF_ADMIN_PASSWORD", false],
    ["LONGPREF_KEY_ENVS", "", false],
    ["LONGPREF_DB", "LONGPREF_DB", false],
    ["HOME", "", false],
  ])("key variable %s with LONGPREF_KEY_ENVS=%j allowed: %s", (name, listed, allowed) => {
    expect(keyEnvProblem(name, endpointPolicy({ LONGPREF_KEY_ENVS: listed })) === null).toBe(allowed);
  });

  it.each([
    ["api.example.com", "api.example.com", true],
    ["API.Example.com", "api.example.com", true],
    ["gpu1.internal.example", "*.internal.example", true],
    ["internal.example", "*.internal.example", false],
    ["internal.example.evil.com", "*.internal.example", false],
    ["evilinternal.example", "*.internal.example", false],
    ["10.1.2.3", "10.0.0.0/8", true],
    ["11.0.0.1", "10.0.0.0/8", false],
    ["[::1]", "::1/128", true],
    ["[::ffff:10.0.0.1]", "10.0.0.0/8", true],
    ["169.254.169.254", "10.0.0.0/8, *.example.com", false],
    ["localhost", "127.0.0.0/8", false],
  ])("host %s under %s allowed: %s", (host, text, allowed) => {
    expect(hostAllowed(host, rules(text))).toBe(allowed);
  });

  it("names what is wrong in a malformed list", () => {
    expect(parseHostRules("10.0.0.0/33")).toMatch(/"10.0.0.0\/33": not a CIDR range/);
    expect(parseHostRules("http://x")).toMatch(/not a host name/);
    expect(() => endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "a b" })).toThrow(/LONGPREF_ENDPOINT_HOSTS/);
  });
});
