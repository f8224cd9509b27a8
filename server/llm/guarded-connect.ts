import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { addressAllowed, hostAllowed, type HostRules } from "../endpoint-policy";

/** A request the outbound policy (LONGPREF_ENDPOINT_HOSTS) refused; the sample fails with this reason. */
export class EndpointRefused extends Error {}

const refusal = (host: string, address: string, rules: HostRules) =>
  new EndpointRefused(`refused by LONGPREF_ENDPOINT_HOSTS: ${host}${address === host ? "" : ` (${address})`} is outside ${rules.text}`);

/**
 * The address check runs inside the connection's own DNS lookup, on the address actually connected to:
 * a name that resolved to an allowed address when checked and to 169.254.169.254 a moment later (DNS
 * rebinding) is still refused. A listed name (or wildcard) is trusted at any address.
 */
function guardedLookup(rules: HostRules): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      const trusted = hostAllowed(hostname, rules);
      // Whether a name outside the policy resolves is not the caller's to learn: it is refused either way.
      if (err) return callback(trusted ? err : refusal(hostname, hostname, rules), "", 0);
      const allowed = trusted ? addresses : addresses.filter((a) => addressAllowed(a.address, rules));
      if (allowed.length === 0) return callback(refusal(hostname, addresses[0]?.address ?? "no address", rules), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * A connector that connects only where the rules allow, for the chat client's dispatcher. Every connection
 * goes through the check, redirects included: an IP address never goes through a lookup, so the connector
 * checks it.
 */
export function guardedConnect(rules: HostRules): buildConnector.connector {
  const connectChecked = buildConnector({ lookup: guardedLookup(rules) });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) !== 0 && !addressAllowed(host, rules)) return callback(refusal(host, host, rules), null);
    connectChecked(options, callback);
  };
}
