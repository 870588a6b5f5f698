/**
 * The dictionary forms of an English word, to look it up in CC-CEDICT and the glossary: plurals,
 * possessives, -ed/-ing, irregular verbs (held → hold, built → build) and British spellings
 * (centre → center, recognised → recognized). Forms are candidates, tried as the dictionary
 * allows: "found" is both find and found, "goods" both goods and good.
 */

/** Irregular past tenses and participles of verbs a news question uses. */
const IRREGULAR: Record<string, string[]> = {
  was: ["be"],
  were: ["be"],
  been: ["be"],
  began: ["begin"],
  begun: ["begin"],
  became: ["become"],
  broke: ["break"],
  broken: ["break"],
  brought: ["bring"],
  built: ["build"],
  bought: ["buy"],
  caught: ["catch"],
  chose: ["choose"],
  chosen: ["choose"],
  came: ["come"],
  cost: ["cost"],
  cut: ["cut"],
  dealt: ["deal"],
  did: ["do"],
  done: ["do"],
  drew: ["draw"],
  drawn: ["draw"],
  drove: ["drive"],
  driven: ["drive"],
  ate: ["eat"],
  eaten: ["eat"],
  fell: ["fall"],
  fallen: ["fall"],
  fed: ["feed"],
  felt: ["feel"],
  fought: ["fight"],
  found: ["find", "found"],
  flew: ["fly"],
  flown: ["fly"],
  forgot: ["forget"],
  froze: ["freeze"],
  got: ["get"],
  gotten: ["get"],
  gave: ["give"],
  given: ["give"],
  went: ["go"],
  gone: ["go"],
  grew: ["grow"],
  grown: ["grow"],
  had: ["have"],
  has: ["have"],
  heard: ["hear"],
  held: ["hold"],
  hit: ["hit"],
  hurt: ["hurt"],
  kept: ["keep"],
  knew: ["know"],
  known: ["know"],
  laid: ["lay"],
  led: ["lead"],
  left: ["leave", "left"],
  lent: ["lend"],
  let: ["let"],
  lost: ["lose"],
  made: ["make"],
  meant: ["mean"],
  met: ["meet"],
  paid: ["pay"],
  put: ["put"],
  ran: ["run"],
  rose: ["rise"],
  risen: ["rise"],
  said: ["say"],
  saw: ["see"],
  seen: ["see"],
  sold: ["sell"],
  sent: ["send"],
  set: ["set"],
  shot: ["shoot"],
  shut: ["shut"],
  sat: ["sit"],
  slept: ["sleep"],
  spent: ["spend"],
  spoke: ["speak"],
  spoken: ["speak"],
  stood: ["stand"],
  stole: ["steal"],
  stolen: ["steal"],
  struck: ["strike"],
  took: ["take"],
  taken: ["take"],
  taught: ["teach"],
  told: ["tell"],
  thought: ["think"],
  threw: ["throw"],
  thrown: ["throw"],
  understood: ["understand"],
  won: ["win"],
  wore: ["wear"],
  worn: ["wear"],
  wrote: ["write"],
  written: ["write"],
  overtook: ["overtake"],
  undertook: ["undertake"],
  undertaken: ["undertake"],
  rebuilt: ["rebuild"],
  people: ["people", "person"],
  children: ["child"],
  men: ["man"],
  women: ["woman"],
  feet: ["foot"],
  teeth: ["tooth"],
  mice: ["mouse"],
  geese: ["goose"],
};

/** British → American endings, as CC-CEDICT mostly spells: centre, recognise, labour, travelled. */
function americanSpellings(word: string): string[] {
  const out: string[] = [];
  const swaps: [RegExp, string][] = [
    [/tre(s?)$/, "ter$1"],
    [/ise(s|d)?$/, "ize$1"],
    [/ising$/, "izing"],
    [/isation(s?)$/, "ization$1"],
    [/our(s?)$/, "or$1"],
    [/ogue(s?)$/, "og$1"],
    [/lled$/, "led"],
    [/lling$/, "ling"],
    [/yse(s|d)?$/, "yze$1"],
  ];
  for (const [pattern, replacement] of swaps) if (pattern.test(word) && word.length > 4) out.push(word.replace(pattern, replacement));
  return out;
}

/** Forms of an English word to try, the word as written first. */
export function lemmas(word: string): string[] {
  const forms = new Set([word]);
  const w = word.replace(/'s$|s'$/, "");
  forms.add(w);
  for (const base of IRREGULAR[w] ?? []) forms.add(base);
  for (const spelled of americanSpellings(w)) forms.add(spelled);
  for (const form of [...forms]) {
    if (form.endsWith("ies")) forms.add(form.slice(0, -3) + "y");
    if (form.endsWith("es")) forms.add(form.slice(0, -2));
    if (form.endsWith("s") && !form.endsWith("ss")) forms.add(form.slice(0, -1));
    if (form.endsWith("ied")) forms.add(form.slice(0, -3) + "y");
    if (form.endsWith("ed")) {
      forms.add(form.slice(0, -2));
      forms.add(form.slice(0, -1));
      // stopped → stop, planned → plan
      if (/([bdgklmnprt])\1ed$/.test(form)) forms.add(form.slice(0, -3));
    }
    if (form.endsWith("ing")) {
      forms.add(form.slice(0, -3));
      forms.add(form.slice(0, -3) + "e");
      if (/([bdgklmnprt])\1ing$/.test(form)) forms.add(form.slice(0, -4));
    }
    if (form.endsWith("ly")) forms.add(form.slice(0, -2));
  }
  // The verb of an action noun, as CC-CEDICT glosses many nouns: pollution → pollute (污染),
  // inspection → inspect, improvement → improve. Tried after the word's own forms.
  for (const form of [...forms]) {
    if (/[^aeiou]ation$/.test(form)) forms.add(form.slice(0, -5) + "ate");
    if (/[a-z]{3}tion$/.test(form)) {
      forms.add(form.slice(0, -3));
      forms.add(form.slice(0, -3) + "e");
    }
    if (/[a-z]{3}ment$/.test(form)) forms.add(form.slice(0, -4));
    // The noun of an adjective: agricultural → agriculture, industrial → industry, regional → region.
    if (/[a-z]{3}ial$/.test(form)) forms.add(form.slice(0, -3) + "y");
    if (/[a-z]{4}al$/.test(form)) {
      forms.add(form.slice(0, -2));
      forms.add(form.slice(0, -2) + "e");
    }
  }
  return [...forms].filter((f) => f.length > 0);
}
