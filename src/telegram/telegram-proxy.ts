/**
 * TELEGRAM_PROXY / HTTPS_PROXY: where api.telegram.org is blocked, every Bot API request and every
 * file download goes through an HTTP(S) proxy. grammY (node-fetch underneath) takes an http.Agent
 * in `baseFetchConfig`; the agents come from TooTallNate's proxy-agents (CONNECT tunnels for an
 * https API root, absolute-URI requests for a plain-http one such as a local test server).
 */
import type { Agent } from "node:http";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";

/** The agent for requests to apiRoot through proxy, or undefined for a direct connection. */
export function proxyAgent(apiRoot: string, proxy: string | null): Agent | undefined {
  if (proxy === null) return undefined;
  const options = { keepAlive: true };
  return apiRoot.startsWith("https:") ? new HttpsProxyAgent(proxy, options) : new HttpProxyAgent(proxy, options);
}
