/**
 * A character trie over every place name, in typed arrays: one open-addressing hash table maps
 * (node, UTF-16 code) to the child node, so 250k edges cost a few MB and no per-node objects. The
 * build saves it (dist/data/places-trie.bin) so loading is a file read; the gazetteer walks it from
 * each position of a text for a leftmost-longest scan.
 */

/** Whitespace skipped inside a name: PDF text breaks lines and spaces characters (高唐\n县, 开 足). */
export function isGap(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x3000;
}

/** Value of a node where no word ends. */
export const NO_VALUE = -1;
/** Value of a blocker word (a common word that holds a place name: found, then skipped). */
export const BLOCKER = -2;
const MAGIC = 0x50545231; // "PTR1"
const HEADER_INTS = 5; // magic, tag, node count, table size, values length
const MAX_LOAD = 0.7;

export class PlaceTrie {
  private nodeCount = 1; // node 0 is the root
  private used = 0;
  private mask = 0;
  private keyNode: Int32Array = new Int32Array(0);
  private keyCode: Uint16Array = new Uint16Array(0);
  private child: Int32Array = new Int32Array(0);
  /** Per node: the value stored for the word ending there, or NO_VALUE. */
  private values: Int32Array = new Int32Array(0);

  constructor(expectedChars = 1024) {
    this.allocate(tableSizeFor(expectedChars), expectedChars + 1);
  }

  private allocate(size: number, valuesLength: number): void {
    this.mask = size - 1;
    this.keyNode = new Int32Array(size).fill(-1);
    this.keyCode = new Uint16Array(size);
    this.child = new Int32Array(size);
    const values = new Int32Array(valuesLength).fill(NO_VALUE);
    values.set(this.values.subarray(0, Math.min(this.values.length, valuesLength)));
    this.values = values;
  }

  private slot(node: number, code: number): number {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca77)) & this.mask;
    while (this.keyNode[h] !== -1 && (this.keyNode[h] !== node || this.keyCode[h] !== code)) h = (h + 1) & this.mask;
    return h;
  }

  /** Double the hash table; the value array grows with it. */
  private grow(): void {
    const [keyNode, keyCode, child] = [this.keyNode, this.keyCode, this.child];
    this.allocate(keyNode.length * 2, Math.max(this.values.length, this.nodeCount * 2));
    for (let h = 0; h < keyNode.length; h++) {
      if (keyNode[h] === -1) continue;
      const s = this.slot(keyNode[h], keyCode[h]);
      this.keyNode[s] = keyNode[h];
      this.keyCode[s] = keyCode[h];
      this.child[s] = child[h];
    }
  }

  /** The child of `node` by one UTF-16 code, or -1. */
  next(node: number, code: number): number {
    const h = this.slot(node, code);
    return this.keyNode[h] === -1 ? -1 : this.child[h];
  }

  /** The value at a node, or NO_VALUE. */
  valueAt(node: number): number {
    return this.values[node];
  }

  /** Store `value` (not NO_VALUE) for `word`, replacing any earlier value. */
  set(word: string, value: number): void {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let h = this.slot(node, code);
      if (this.keyNode[h] === -1) {
        if (this.used + 1 > MAX_LOAD * (this.mask + 1)) {
          this.grow();
          h = this.slot(node, code);
        }
        if (this.nodeCount >= this.values.length) {
          const values = new Int32Array(this.values.length * 2 + 16).fill(NO_VALUE);
          values.set(this.values);
          this.values = values;
        }
        this.keyNode[h] = node;
        this.keyCode[h] = code;
        this.child[h] = this.nodeCount++;
        this.used++;
      }
      node = this.child[h];
    }
    this.values[node] = value;
  }

  /** The trie as bytes, with a caller's tag (to tell which table it was built from). */
  toBuffer(tag: number): Buffer {
    const size = this.mask + 1;
    const header = Int32Array.of(MAGIC, tag | 0, this.nodeCount, size, this.nodeCount);
    const parts = [header, this.keyNode, this.child, this.values.subarray(0, this.nodeCount), this.keyCode];
    return Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
  }

  /** A trie read back from toBuffer, or undefined when the bytes are not one or the tag differs. */
  static fromBuffer(bytes: Uint8Array, tag: number): PlaceTrie | undefined {
    if (bytes.byteLength < HEADER_INTS * 4) return undefined;
    // Copies (slice) are aligned for the typed arrays whatever the Buffer's offset.
    const ints = (offset: number, length: number) =>
      new Int32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length * 4));
    const [magic, fileTag, nodeCount, size, valuesLength] = ints(0, HEADER_INTS);
    if (magic !== MAGIC || fileTag !== (tag | 0)) return undefined;
    if (bytes.byteLength !== HEADER_INTS * 4 + size * 10 + valuesLength * 4) return undefined;
    const trie = new PlaceTrie(0);
    let offset = HEADER_INTS * 4;
    trie.keyNode = ints(offset, size);
    offset += size * 4;
    trie.child = ints(offset, size);
    offset += size * 4;
    trie.values = ints(offset, valuesLength);
    offset += valuesLength * 4;
    trie.keyCode = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + size * 2));
    trie.mask = size - 1;
    trie.nodeCount = nodeCount;
    trie.used = nodeCount - 1;
    return trie;
  }
}

/** The scan trie of a form list (value: the form's index) and blocker words (value: BLOCKER). */
export function buildScanTrie(forms: readonly string[], blockers: readonly string[]): PlaceTrie {
  let chars = 0;
  for (const form of forms) chars += form.length;
  for (const word of blockers) chars += word.length;
  const trie = new PlaceTrie(chars);
  for (const word of blockers) trie.set(word, BLOCKER);
  forms.forEach((form, id) => trie.set(form, id)); // a form wins over a blocker of the same text
  return trie;
}

/** FNV-1a over strings: ties a saved trie to the table it was built from. */
export function trieTag(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return h | 0;
}

function tableSizeFor(chars: number): number {
  let size = 1024;
  while (size * MAX_LOAD < chars) size *= 2;
  return size;
}
