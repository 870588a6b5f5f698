/** `.txt`: one PDF-to-text newspaper page, read by the page parser. */
import { parsePage } from "../page-parser.js";
import type { FormatLoader } from "./types.js";

export const txtPageLoader: FormatLoader = {
  name: "txt-page",
  extensions: [".txt"],
  parse: (text, { source, meta, ...options }) => parsePage(text, source, meta, options),
};
