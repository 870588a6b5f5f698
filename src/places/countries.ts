/**
 * The world's countries by their Chinese names (德国, 美国, 日本…), from the `i18n-iso-countries`
 * package (MIT): places a question may name that China's division tables do not hold. China and
 * its regions are left out (the gazetteer has them, with their chains).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** ISO codes of China and the regions the gazetteer holds. */
const CHINA = new Set(["CN", "TW", "HK", "MO"]);

let names: ReadonlySet<string> | undefined;

/** Chinese names of the countries and territories outside China (all the names each has). */
export function countryNames(): ReadonlySet<string> {
  if (!names) {
    const countries = require("i18n-iso-countries") as {
      registerLocale(locale: unknown): void;
      getNames(lang: string, options: { select: "all" }): Record<string, string[]>;
    };
    countries.registerLocale(require("i18n-iso-countries/langs/zh.json"));
    const set = new Set<string>();
    for (const [code, list] of Object.entries(countries.getNames("zh", { select: "all" }))) {
      if (!CHINA.has(code)) for (const name of list) set.add(name);
    }
    names = set;
  }
  return names;
}
