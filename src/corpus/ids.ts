import { createHash } from "node:crypto";

/**
 * Stable item id: a short hash of the source path plus the item's position in that file. The same
 * corpus gives the same ids on every run, and two files can never collide on position.
 */
export function itemId(source: string, index: number): string {
  return `${createHash("sha1").update(source).digest("hex").slice(0, 8)}-${index}`;
}
