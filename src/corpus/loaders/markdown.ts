/**
 * `.md` / `.markdown`: one article per file. Optional front matter between `---` lines holds
 * simple `key: value` pairs (title, date, publication or source, url, page or edition, kicker,
 * subtitle, byline, city, kind);
 * the body's blank-line-separated blocks are its paragraphs.
 */
import { joinAllLines } from "../text.js";
import { buildArticle, finishRecords } from "./record.js";
import type { FormatLoader } from "./types.js";

/** Split `---` front matter from the text; keys are lower-cased, surrounding quotes dropped. */
export function parseFrontMatter(text: string): { fields: Record<string, string>; body: string } {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const m = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(normalized);
  if (!m) return { fields: {}, body: normalized };
  const fields: Record<string, string> = {};
  for (const line of m[1].split("\n")) {
    const kv = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (!kv) continue; // comments, lists and other YAML we do not need
    let value = kv[2];
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    fields[kv[1].toLowerCase()] = value;
  }
  return { fields, body: normalized.slice(m[0].length) };
}

/** Inline Markdown down to text: images go, links keep their text, emphasis markers go. */
function stripInline(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1");
}

const HEADING_RE = /^#{1,6}\s+/;
/** Lines that start their own paragraph even without a blank line: list items, quotes, headings. */
const BLOCK_START_RE = /^(?:[-*+]\s+|\d+[.)]\s+|>\s*|#{1,6}\s+)/;

/** Paragraphs of a Markdown body: blank-line-separated blocks, lines joined CJK-style. */
export function markdownParagraphs(body: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const push = () => {
    const text = joinAllLines(current).trim();
    if (text) paragraphs.push(text);
    current = [];
  };
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line || /^(?:[-*_]\s*){3,}$/.test(line)) {
      push();
      continue;
    }
    if (BLOCK_START_RE.test(line)) push();
    const text = stripInline(line.replace(/^(?:>\s*)+/, "").replace(HEADING_RE, "").replace(/^(?:[-*+]|\d+[.)])\s+/, ""));
    current.push(text.trim());
    if (HEADING_RE.test(line)) push();
  }
  push();
  return paragraphs;
}

export const markdownLoader: FormatLoader = {
  name: "markdown",
  extensions: [".md", ".markdown"],
  parse(text, ctx) {
    const { meta } = ctx;
    const warnings: string[] = [];
    const { fields, body } = parseFrontMatter(text);
    let markdownBody = body;
    let headline = fields.title || fields.headline || null;
    if (!headline) {
      // A leading "# Title" supplies the headline when the front matter does not.
      const m = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(markdownBody);
      if (m) {
        headline = stripInline(m[1]);
        markdownBody = markdownBody.slice(m[0].length);
      }
    }
    const year = fields.year && /^\d{4}$/.test(fields.year) ? Number(fields.year) : meta.year;
    const article = buildArticle(
      {
        headline,
        paragraphs: markdownParagraphs(markdownBody),
        kind: fields.kind === "photo" ? "photo" : "article",
        kicker: fields.kicker,
        subtitle: fields.subtitle,
        byline: fields.byline || fields.author,
        date: fields.date || null,
        city: fields.city,
        url: fields.url,
        publication: fields.publication || fields.source,
        edition: fields.page || fields.edition,
      },
      { ...ctx, meta: { ...meta, ...(year ? { year } : {}) } },
      0,
      "markdown",
      warnings,
    );
    return { articles: article ? finishRecords([article], ctx) : [], warnings };
  },
};
