import { BlockList, isIP } from "node:net";

/**
 * Who decides where the server sends requests, and with which key. The admin does, through the
 * environment: models may name only key variables meant for endpoints (never a longpref setting such as
 * LONGPREF_ADMIN_PASSWORD), and LONGPREF_ENDPOINT_HOSTS, when set, is the only set of hosts they may reach.
 */
export interface EndpointPolicy {
  /** LONGPREF_RESEARCHERS_ADD_ENDPOINTS: researchers may create models and change where they point. */
  researchersAddEndpoints: boolean;
  /** LONGPREF_KEY_ENVS: key variables allowed besides LONGPREF_KEY_* (e.g. OPENAI_API_KEY). */
  keyEnvs: readonly string[];
  /** LONGPREF_ENDPOINT_HOSTS parsed; null when unset (any host). */
  hosts: HostRules | null;
}

export interface HostRules {
  /** Exact names and `*.suffix` wildcards, lower case. */
  names: string[];
  /** IP addresses and CIDR ranges. */
  addresses: BlockList;
  /** The setting as written, for messages. */
  text: string;
}

const keyPrefix = "LONGPREF_KEY_";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** The policy the environment sets; throws naming the variable when LONGPREF_ENDPOINT_HOSTS is malformed. */
export function endpointPolicy(env: NodeJS.ProcessEnv): EndpointPolicy {
  const hosts = env.LONGPREF_ENDPOINT_HOSTS?.trim() ? parseHostRules(env.LONGPREF_ENDPOINT_HOSTS) : null;
  if (typeof hosts === "string") throw new Error(`LONGPREF_ENDPOINT_HOSTS: ${hosts}`);
  const flag = env.LONGPREF_RESEARCHERS_ADD_ENDPOINTS;
  return { researchersAddEndpoints: flag === "1" || flag === "true", keyEnvs: list(env.LONGPREF_KEY_ENVS), hosts };
}

/** Host names, `*.example.com` wildcards, IPs and CIDRs (`10.0.0.0/8`, `::1/128`); a string names what is wrong. */
export function parseHostRules(text: string): HostRules | string {
  const names: string[] = [];
  const addresses = new BlockList();
  for (const entry of list(text)) {
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address!);
    if (family !== 0) {
      const type = family === 4 ? "ipv4" : "ipv6";
      if (prefix === undefined) addresses.addAddress(address!, type);
      else if (extra === undefined && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
        addresses.addSubnet(address!, Number(prefix), type);
      else return `"${entry}": not a CIDR range`;
    } else if (/^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(entry)) {
      names.push(entry.toLowerCase());
    } else {
      return `"${entry}": not a host name, *.wildcard, IP address or CIDR range`;
    }
  }
  return { names, addresses, text };
}

/**
 * Why a model may not name this variable, or null when it may. Longpref's own settings are refused even
 * when listed: a key is sent as a bearer token to the model's endpoint, whoever runs that endpoint.
 */
export function keyEnvProblem(name: string, policy: EndpointPolicy): string | null {
  const setting = name.startsWith("LONGPREF_") && (!name.startsWith(keyPrefix) || name === "LONGPREF_KEY_ENVS");
  if (!setting && (name.startsWith(keyPrefix) || policy.keyEnvs.includes(name))) return null;
  const listed =
    policy.keyEnvs.length > 0
      ? `, or one listed in LONGPREF_KEY_ENVS (${policy.keyEnvs.join(", ")})`
      : " (or one the admin lists in LONGPREF_KEY_ENVS)";
  return `${name} is not a key variable a model may use: name one starting ${keyPrefix}${listed}; longpref's own settings are never sent`;
}

/**
 * Whether a model's key variable is one it may use and is set: what `api_key_present` shows. Never the value,
 * and false for a name a model may not use (else a probe of LONGPREF_ADMIN_PASSWORD would learn it is set).
 */
export const keyPresence = (policy: EndpointPolicy, env: NodeJS.ProcessEnv) => (name: string) =>
  keyEnvProblem(name, policy) === null && (env[name] ?? "") !== "";

const unbracket = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

const nameMatches = (host: string, rules: HostRules) =>
  rules.names.some((rule) => (rule.startsWith("*.") ? host.endsWith(rule.slice(1)) && host.length > rule.length - 1 : host === rule));

/** An IP address (as connected to) inside the policy's addresses. */
export function addressAllowed(address: string, rules: HostRules): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return rules.addresses.check(mapped[1]!, "ipv4");
  return rules.addresses.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * Whether a URL's host may be used at all: a listed name or wildcard, or an IP address inside a listed
 * range. A name that is not listed is refused even if it resolves into a range today (it may not tomorrow).
 */
export function hostAllowed(hostname: string, rules: HostRules): boolean {
  const host = unbracket(hostname.toLowerCase());
  return isIP(host) !== 0 ? addressAllowed(host, rules) : nameMatches(host, rules);
}

/** Why a base URL is outside the policy, or null. */
export function baseUrlProblem(url: string, policy: EndpointPolicy): string | null {
  if (!policy.hosts) return null;
  const host = new URL(url).hostname;
  return hostAllowed(host, policy.hosts) ? null : `${url}: host ${host} is outside LONGPREF_ENDPOINT_HOSTS (${policy.hosts.text})`;
}
