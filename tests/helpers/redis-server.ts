/**
 * The real redis-server the fleet tests run against (scripts/redis-server.mjs, shared with the
 * fleet load script): a free port on 127.0.0.1, no persistence, ready on PING, killed and
 * restarted for outage tests. Missing redis-server: a clear error, never a skip.
 */
export { RedisServer, freePort } from "../../scripts/redis-server.mjs";
