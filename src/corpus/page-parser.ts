/**
 * Parse one PDF-to-text newspaper page into items (articles and captioned photos).
 *
 * Layout of such a page, item after item: the BODY first (starting with 本报讯（记者 …） or a
 * ■ 本报记者 … byline line), then its HEADLINE lines (kicker, headline, ——subtitle). A photo is a
 * caption paragraph ending with "■ 本报通讯员 NAME". Lines are column lines broken mid-word, with
 * stray blank lines inside paragraphs and letter-spaced runs.
 */
import { loadGazetteer } from "../places/gazetteer.js";
import { assignCities, type CityItem } from "./city.js";
import { dateFromPath, inferPageYear, parseIsoDate, resolveItemDate, type DateContext } from "./dates.js";
import { parseHeadlineBlock, splitHeadlineBlock } from "./headline-block.js";
import { itemId } from "./ids.js";
import { metaItemFor } from "./meta.js";
import { buildParagraphs, regionLine, type RegionLine } from "./paragraphs.js";
import {
  deriveHeadline,
  despaceBody,
  endsLikeBody,
  endsSentence,
  firstSentence,
  isHeadlineLike,
  isPageFurniture,
  joinLines,
  normalizeHeading,
  toLines,
} from "./text.js";
import type { Article, PageMeta, ParseOptions } from "./types.js";

export type { PageMeta } from "./types.js";

export interface ParsedPage {
  articles: Article[];
  /** Human-readable notes about what could not be read as expected (no file name in them). */
  warnings: string[];
}

/** Where an item starts: a news byline marker, or the end of a photo caption. */
type Anchor =
  | {
      type: "article";
      line: number;
      byline: string | null;
      /** First body text: line index and the column where the text after the marker starts. */
      bodyLine: number;
      bodyCol: number;
      /** Marker text that may carry the dateline (新华社北京12月1日电). */
      dateHint: string;
    }
  | {
      type: "photo";
      /** First line of the caption. */
      line: number;
      /** Last line of the caption, and the text of it before the ■ credit. */
      captionEnd: number;
      captionEndText: string;
      credit: string;
      /** Last line used by the credit (it may wrap to the next line). */
      lastLine: number;
    };

/** A stretch of lines waiting to become an item. */
interface Draft {
  kind: "article" | "photo";
  /** Text that did not start with a marker. */
  unmarked: boolean;
  byline: string | null;
  dateHint: string;
  lines: RegionLine[];
  /** Photo only: headline lines found after the caption. */
  block?: RegionLine[];
}

const ROLE = "(?:本报|新华社)?(?:特约|见习|实习)?(?:记者|通讯员|实习生|摄影记者|摄影|撰稿)";
const BYLINE_LINE_RE = new RegExp(`^${ROLE}\\s*\\S`, "u");
const CREDIT_WORD_RE = /记者|通讯员|实习生|摄影|摄|供图/u;
const NAME = "[\\p{Script=Han}·]{2,4}";
const STANDALONE_BYLINE_RE = new RegExp(`^本报(?:特约)?(?:记者|通讯员)\\s+${NAME}(?:\\s+(?:本报)?(?:特约)?(?:记者|通讯员)?\\s*${NAME})*$`, "u");
const BODY_PUNCT_RE = /[，。；：！？、,;!?]/u;

/** A line (after letter-spacing is collapsed) that is one more byline: 本报通讯员 沈潜. */
function isBylineLine(line: string): boolean {
  if (line.length > 60) return false;
  const h = normalizeHeading(line);
  return BYLINE_LINE_RE.test(h) && [...h].length <= 30 && !BODY_PUNCT_RE.test(h);
}

/** Text after a ■ that reads like a photo credit or byline: short, no sentence punctuation. */
function looksLikeCredit(text: string): boolean {
  if (text.length > 60) return false;
  const h = normalizeHeading(text);
  if (!h || [...h].length > 30 || BODY_PUNCT_RE.test(h)) return false;
  return CREDIT_WORD_RE.test(h) || [...h].length <= 12;
}

/** 本报讯（…）: the byline inside the parentheses may wrap over the next lines. */
function matchBenbaoxun(lines: string[], i: number): Anchor | null {
  const line = lines[i];
  const m = /^本\s*报\s*讯\s*/u.exec(line);
  if (!m) return null;
  const afterMarker = m[0].length;
  if (!/^[（(]/u.test(line.slice(afterMarker))) {
    return { type: "article", line: i, byline: null, bodyLine: i, bodyCol: afterMarker, dateHint: "" };
  }
  let inner = "";
  for (let k = 0; k < 4 && i + k < lines.length; k++) {
    const li = i + k;
    const offset = k === 0 ? afterMarker + 1 : 0;
    const segment = lines[li].slice(offset);
    if (k > 0 && !segment) break;
    const close = segment.search(/[）)]/u);
    if (close >= 0) {
      inner = joinLines(inner, segment.slice(0, close));
      return {
        type: "article",
        line: i,
        byline: normalizeHeading(inner) || null,
        bodyLine: li,
        bodyCol: offset + close + 1,
        dateHint: "",
      };
    }
    inner = joinLines(inner, segment);
  }
  // No closing parenthesis nearby: keep the text, lose the byline.
  return { type: "article", line: i, byline: null, bodyLine: i, bodyCol: afterMarker, dateHint: "" };
}

/** 新华社北京12月1日电（记者 张三）: a wire dateline. */
function matchWire(lines: string[], i: number): Anchor | null {
  const m = /^(新华社|中新社)\s*([^\s，。（(]{0,24}?)\s*电\s*(?:[（(]([^）)]{0,40})[）)])?/u.exec(lines[i]);
  if (!m) return null;
  const byline = normalizeHeading([m[1], m[3] ?? ""].join(" "));
  return { type: "article", line: i, byline, bodyLine: i, bodyCol: m[0].length, dateHint: m[0] };
}

/** Byline lines following a first byline line: 本报通讯员 沈潜. */
function collectBylines(lines: string[], first: string[], from: number): { byline: string; next: number } {
  const parts = [...first];
  let j = from;
  while (j < lines.length && lines[j] && parts.length < 4 && isBylineLine(lines[j])) parts.push(lines[j++]);
  return { byline: normalizeHeading(parts.join(" ")), next: j };
}

/** ■ at line start: an article's byline, unless it closes the caption right above it. */
function matchSquareByline(lines: string[], i: number): Anchor | null {
  const m = /^■\s*(.*)$/u.exec(lines[i]);
  if (!m) return null;
  if (i > 0 && lines[i - 1] && endsSentence(lines[i - 1])) return null; // a photo credit
  const rest = m[1];
  if (rest && !looksLikeCredit(rest)) return null;
  const { byline, next } = collectBylines(lines, rest ? [rest] : [], i + 1);
  if (!byline) return null;
  return { type: "article", line: i, byline, bodyLine: next, bodyCol: 0, dateHint: "" };
}

/** 本报记者 张三 alone on a line after a blank or a headline: a byline starting an article. */
function matchStandaloneByline(lines: string[], i: number): Anchor | null {
  if (!lines[i].startsWith("本") || lines[i].length > 60) return null;
  const h = normalizeHeading(lines[i]);
  if (!STANDALONE_BYLINE_RE.test(h)) return null;
  if (i > 0 && lines[i - 1] && !isHeadlineLike(lines[i - 1])) return null; // mid-paragraph
  const { byline, next } = collectBylines(lines, [lines[i]], i + 1);
  return { type: "article", line: i, byline, bodyLine: next, bodyCol: 0, dateHint: "" };
}

/**
 * A photo credit: "… ■ 本报通讯员 赵玉国" at the end of a caption line, or a ■ line right after a
 * caption line that ends a sentence. The caption runs back to the previous blank line.
 */
function matchPhoto(lines: string[], i: number, floor: number): Anchor | null {
  const line = lines[i];
  let captionEnd: number;
  let captionEndText: string;
  let credit: string;
  const mid = /^(.*\S)\s*■\s*(.+)$/u.exec(line);
  if (mid && !line.startsWith("■")) {
    if (!looksLikeCredit(mid[2])) return null;
    captionEnd = i;
    captionEndText = mid[1];
    credit = mid[2];
  } else {
    const start = /^■\s*(.+)$/u.exec(line);
    if (!start || i === 0 || !lines[i - 1] || !endsSentence(lines[i - 1]) || !looksLikeCredit(start[1])) return null;
    captionEnd = i - 1;
    captionEndText = lines[i - 1];
    credit = start[1];
  }
  let lastLine = i;
  // "■ 本报记者" / "许金松": a credit without a name continues on the next short line.
  if (/(?:记者|通讯员|实习生|摄影)$/u.test(credit.trim()) && lines[i + 1] && [...lines[i + 1]].length <= 8 && !BODY_PUNCT_RE.test(lines[i + 1])) {
    credit = `${credit} ${lines[i + 1]}`;
    lastLine = i + 1;
  }
  let start = captionEnd;
  for (;;) {
    while (start - 1 >= floor && lines[start - 1]) start--;
    // A blank line after a clause break (，、) is a layout break inside the caption: go on.
    const above = start - 2;
    if (above >= floor && lines[above] && !lines[start - 1] && endsLikeBody(lines[above]) && !endsSentence(lines[above])) {
      start = above;
      continue;
    }
    break;
  }
  // A headline glued to the caption (no blank line between): the caption starts at its date.
  for (let k = captionEnd; k > start; k--) {
    if (/^\d{1,2}\s*月\s*\d{1,2}\s*日/u.test(lines[k]) && isHeadlineLike(lines[k - 1])) {
      start = k;
      break;
    }
  }
  return { type: "photo", line: start, captionEnd, captionEndText, credit: normalizeHeading(credit), lastLine };
}

/** All item anchors of the page, in line order. */
function findAnchors(lines: string[]): Anchor[] {
  const anchors: Anchor[] = [];
  let floor = 0; // the caption of a photo cannot reach back into the previous item's start
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]) continue;
    const article =
      matchBenbaoxun(lines, i) ?? matchWire(lines, i) ?? matchSquareByline(lines, i) ?? matchStandaloneByline(lines, i);
    if (article && article.type === "article") {
      anchors.push(article);
      floor = article.bodyCol > 0 ? article.bodyLine + 1 : article.bodyLine;
      i = Math.max(i, floor - 1);
      continue;
    }
    const photo = matchPhoto(lines, i, floor);
    if (photo && photo.type === "photo") {
      anchors.push(photo);
      floor = photo.lastLine + 1;
      i = photo.lastLine;
    }
  }
  return anchors;
}

function regionOf(lines: string[], from: number, to: number, firstCol = 0): RegionLine[] {
  const out: RegionLine[] = [];
  for (let li = from; li < to; li++) {
    const text = li === from ? lines[li].slice(firstCol) : lines[li];
    if (li === from && firstCol > 0 && !text.trim()) continue; // marker line with nothing after it
    out.push(regionLine(lines[li], text));
  }
  return out;
}

const hasText = (lines: RegionLine[]) => lines.some((l) => l.text);
const hasHeadlineBlock = (lines: RegionLine[]) => hasText(splitHeadlineBlock(lines).block);

/** Cut the page into drafts: marked articles, photos, and unmarked stretches between them. */
function draftsOf(lines: string[], anchors: Anchor[]): Draft[] {
  const drafts: Draft[] = [];
  const unmarked = (from: number, to: number) => {
    const region = regionOf(lines, from, to);
    if (hasText(region)) drafts.push({ kind: "article", unmarked: true, byline: null, dateHint: "", lines: region });
  };
  unmarked(0, anchors.length ? anchors[0].line : lines.length);
  anchors.forEach((a, k) => {
    const next = k + 1 < anchors.length ? anchors[k + 1].line : lines.length;
    if (a.type === "article") {
      const region = regionOf(lines, a.bodyLine, Math.max(next, a.bodyLine), a.bodyCol);
      drafts.push({ kind: "article", unmarked: false, byline: a.byline, dateHint: a.dateHint, lines: region });
      return;
    }
    const caption = regionOf(lines, a.line, a.captionEnd);
    caption.push(regionLine(lines[a.captionEnd], a.captionEndText));
    drafts.push({ kind: "photo", unmarked: false, byline: a.credit || null, dateHint: "", lines: caption });
    unmarked(a.lastLine + 1, next);
  });
  return drafts;
}

/**
 * Repair drafts that the plain cut gets wrong: a photo set inside an article splits it (the
 * article part before the photo has no headline; its rest follows the photo), and headline lines
 * right after a caption are the photo's own title.
 */
function mergeDrafts(drafts: Draft[], warnings: string[]): Draft[] {
  const out = [...drafts];
  for (let k = 0; k < out.length; k++) {
    const d = out[k];
    if (d.kind === "article" && !hasHeadlineBlock(d.lines)) {
      // article, photo(s), rest-of-article
      let j = k + 1;
      while (out[j]?.kind === "photo") j++;
      if (j > k + 1 && out[j]?.unmarked) {
        d.lines = [...d.lines, { text: "", width: 0 }, ...out[j].lines];
        out.splice(j, 1);
      }
    }
    if (d.kind === "photo" && out[k + 1]?.unmarked) {
      const rest = out[k + 1].lines;
      if (rest.every((l) => !l.text || isHeadlineLike(l.text)) && rest.filter((l) => l.text).length <= 3) {
        d.block = rest;
        out.splice(k + 1, 1);
      }
    }
  }
  // Text before the first marker that is only a few short lines: a page header, not an item.
  const first = out[0];
  if (first?.unmarked && out.length > 1) {
    const text = first.lines.map((l) => l.text).join("");
    if (!first.lines.some((l) => endsSentence(l.text)) && [...text].length <= 80) {
      warnings.push(`ignored ${first.lines.filter((l) => l.text).length} line(s) before the first item: ${text.slice(0, 40)}`);
      out.shift();
    }
  }
  return out;
}

interface PageContext extends DateContext {
  source: string;
  meta: PageMeta;
}

function toArticle(d: Draft, index: number, ctx: PageContext, warnings: string[]): Article | null {
  let kicker: string | null = null;
  let headline: string | null = null;
  let subtitle: string | null = null;
  let paragraphs: string[];
  if (d.kind === "photo") {
    paragraphs = buildParagraphs(d.lines);
    if (d.block) ({ kicker, headline, subtitle } = parseHeadlineBlock(d.block));
    headline ??= deriveHeadline(paragraphs.join("")) || null;
  } else {
    let { body, block } = splitHeadlineBlock(d.lines);
    if (!hasText(body) && hasText(block)) {
      // Only short lines: the last group is the headline, the rest is the text.
      const lastBlank = block.findLastIndex((l, i) => !l.text && block.slice(i).some((x) => x.text));
      if (lastBlank > 0) ({ body, block } = { body: block.slice(0, lastBlank), block: block.slice(lastBlank) });
    }
    ({ kicker, headline, subtitle } = parseHeadlineBlock(block));
    paragraphs = buildParagraphs(body);
    if (!headline) {
      headline = deriveHeadline(paragraphs.join("")) || null;
      if (headline) warnings.push(`item ${index + 1} has no headline lines; used its first sentence: ${headline}`);
    }
  }
  if (!headline) {
    if (paragraphs.length) warnings.push(`item ${index + 1} has no readable headline; skipped`);
    return null;
  }
  const body = paragraphs.join("\n");
  const own = metaItemFor(ctx.meta, headline, index + 1);
  const url = own?.url ?? ctx.meta.url;
  const edition = own?.edition ?? ctx.meta.edition;
  return {
    id: itemId(ctx.source, index),
    kind: d.kind,
    headline,
    kicker,
    subtitle,
    byline: d.byline,
    ...resolveItemDate(despaceBody(d.dateHint) + firstSentence(body), ctx),
    body,
    source: ctx.source,
    city: null,
    ...(url ? { url } : {}),
    ...(ctx.meta.source ? { publication: ctx.meta.source } : {}),
    ...(edition ? { edition } : {}),
  };
}

function parseUnsafe(text: string, source: string, meta: PageMeta, options: ParseOptions): ParsedPage {
  const warnings: string[] = [];
  // Editor credits and edition marks belong to no item; as blank lines they cannot pose as headlines.
  const lines = toLines(text).map((line) => (isPageFurniture(line) ? "" : line));
  if (!lines.some(Boolean)) return { articles: [], warnings: ["page has no text"] };
  const flat = despaceBody(lines.join("\n"));
  const metaDate = parseIsoDate(meta.date);
  const fileDate = dateFromPath(source);
  const issueYear = Number((metaDate ?? fileDate)?.slice(0, 4)) || null;
  const ctx: PageContext = {
    source,
    meta,
    metaYear: typeof meta.year === "number" && Number.isInteger(meta.year) ? meta.year : null,
    metaDate,
    fileDate,
    pageYear: inferPageYear(flat, issueYear),
    uploadDate: options.uploadDate ?? null,
  };
  const anchors = findAnchors(lines);
  if (anchors.length === 0) warnings.push("no item markers (本报讯, ■ byline, photo credit) found; read the page as one article");
  const drafts = mergeDrafts(draftsOf(lines, anchors), warnings);
  if (anchors.length > 0) {
    const loose = drafts.filter((d) => d.unmarked).length;
    if (loose) warnings.push(`${loose} stretch(es) of text without a byline marker read as articles`);
  }
  const items: CityItem[] = [];
  for (const d of drafts) {
    const article = toArticle(d, items.length, ctx, warnings);
    if (article) items.push({ article, dateHint: despaceBody(d.dateHint) });
  }
  assignCities(
    items,
    { metaCity: meta.city, publication: meta.source, localCity: options.localCity },
    options.gazetteer ?? loadGazetteer(),
  );
  return { articles: items.map((i) => i.article), warnings };
}

/**
 * Items of one page, in page order. Never throws: unreadable structure degrades to fewer, coarser
 * items plus warnings.
 *
 * @param text   the page text (any line ends; letter-spacing and layout breaks allowed)
 * @param source the page's path relative to the corpus folder (ids are derived from it)
 * @param meta   sidecar facts (date, year, city, publication, url, page, items) that win over inference
 * @param options the paper's city, the gazetteer and the upload date (see ParseOptions)
 */
export function parsePage(text: string, source: string, meta: PageMeta = {}, options: ParseOptions = {}): ParsedPage {
  try {
    return parseUnsafe(typeof text === "string" ? text : String(text ?? ""), source, meta ?? {}, options ?? {});
  } catch (error) {
    // A parser bug must not cost the page: fall back to one plain article.
    const reason = error instanceof Error ? error.message : String(error);
    try {
      const body = buildParagraphs(toLines(String(text)).map((l) => regionLine(l))).join("\n");
      const headline = deriveHeadline(body);
      if (!headline) return { articles: [], warnings: [`parser failed (${reason})`] };
      const article: Article = {
        id: itemId(source, 0),
        kind: "article",
        headline,
        kicker: null,
        subtitle: null,
        byline: null,
        date: parseIsoDate(meta?.date),
        dateSource: parseIsoDate(meta?.date) ? "metadata" : null,
        body,
        source,
        city: meta?.city ?? null,
      };
      return { articles: [article], warnings: [`parser failed (${reason}); read the page as one article`] };
    } catch {
      return { articles: [], warnings: [`parser failed (${reason})`] };
    }
  }
}
