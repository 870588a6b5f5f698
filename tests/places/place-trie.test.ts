import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCKER, buildScanTrie, NO_VALUE, PlaceTrie, trieTag } from "../../src/places/place-trie.js";

/** The value stored for `word`, walking the trie code by code. */
function valueOf(trie: PlaceTrie, word: string): number {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    node = trie.next(node, word.charCodeAt(i));
    if (node < 0) return NO_VALUE;
  }
  return trie.valueAt(node);
}

describe("PlaceTrie", () => {
  it("stores words with shared prefixes and grows past its first size", () => {
    const trie = new PlaceTrie(4);
    const words = Array.from({ length: 3000 }, (_, i) => `聊城${String.fromCharCode(0x4e00 + i)}县`);
    words.forEach((w, i) => trie.set(w, i));
    trie.set("聊城", 9999);
    words.forEach((w, i) => expect(valueOf(trie, w)).toBe(i));
    expect(valueOf(trie, "聊城")).toBe(9999);
    expect(valueOf(trie, "聊")).toBe(NO_VALUE);
    expect(valueOf(trie, "高唐")).toBe(NO_VALUE);
  });

  it("reads back what it saved, and refuses another table's trie or stray bytes", () => {
    const trie = buildScanTrie(["高唐", "高唐县", "聊城"], ["长治久安"]);
    const tag = trieTag("a", "b");
    const bytes = trie.toBuffer(tag);
    const back = PlaceTrie.fromBuffer(bytes, tag)!;
    expect(["高唐", "高唐县", "聊城", "长治久安", "长治"].map((w) => valueOf(back, w))).toEqual([0, 1, 2, BLOCKER, NO_VALUE]);
    back.set("济南", 3); // still writable
    expect(valueOf(back, "济南")).toBe(3);
    expect(PlaceTrie.fromBuffer(bytes, trieTag("a", "c"))).toBeUndefined();
    expect(PlaceTrie.fromBuffer(bytes.subarray(0, bytes.length - 2), tag)).toBeUndefined();
    expect(PlaceTrie.fromBuffer(new Uint8Array(3), tag)).toBeUndefined();
  });

  it("agrees with a Map on any words", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom(..."高唐县聊城市济南山东省"), minLength: 1, maxLength: 6 })),
        (words) => {
          const trie = new PlaceTrie(1);
          words.forEach((w, i) => trie.set(w, i));
          words.forEach((w, i) => expect(valueOf(trie, w)).toBe(i));
        },
      ),
    );
  });
});
