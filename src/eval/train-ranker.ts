/**
 * `npm run train:ranker`: learn the sentence ranker and the abstention model from the public
 * development sets (their train split only; see squad.ts) and the local development questions,
 * and write src/search/answer/ranker-model.json (and its copy in dist/).
 *
 *   node dist/eval/train-ranker.js [--cmrc FILE] [--drcd FILE] [--dev FILE] [--seed N] [--hidden H] [--out FILE]
 *
 * 1. Every train-split question is asked of its set's whole corpus; each candidate sentence the
 *    engine describes is positive when it holds a gold answer (whitespace ignored).
 * 2. The ranker is trained listwise; 20 % of the train titles are kept aside for early stopping.
 * 3. The abstention model is trained on the --abstain corpus (every other paragraph) of the train
 *    split: is the question's paragraph in the corpus? Its threshold minimizes the expected share
 *    of wrong outcomes on the train split (see UNANSWERABLE_PRIOR); the trade-off is recorded.
 * The held-out split is never read here, except to print the figures the model reaches on it.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { openLibrary } from "../library/open-library.js";
import { ABSTAIN_FEATURES, abstainFeatures, answerOrder } from "../search/answer/abstain.js";
import { FEATURES } from "../search/answer/features.js";
import { ANSWER_DEFAULTS } from "../search/answer/options.js";
import type { Network, RankerModel } from "../search/answer/ranker.js";
import type { CandidateSet, NewsEngine } from "../search/engine.js";
import { parseEvalCases } from "../search/evaluate.js";
import { normalizeText } from "../text/normalize.js";
import {
  logisticProbability,
  standardization,
  trainListwise,
  trainLogistic,
  type Group,
  type ListwiseNet,
  type LogisticModel,
} from "./learn.js";
import { fnv1a, holdsGold, readSquad, HELD_OUT_PERCENT, type SquadSet } from "./squad.js";
import { openSquadLibrary } from "./squad-eval.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Share of unanswerable questions expected in real use (8 of the 72 real local-news questions). */
const UNANSWERABLE_PRIOR = 8 / 72;
/** An answer to a question the corpus cannot answer misleads; no answer still shows related articles. */
const WRONG_ANSWER_COST = 2;
/** Hidden units tried for the abstention model (0: a logistic regression). */
const ABSTAIN_HIDDEN_TRIED = [0, 8];
/** Share of train titles kept aside to stop training. */
const VALIDATION_PERCENT = 20;
/** Shares tried for joining a neighbour to the answer, and how close to the best one must come. */
const WINDOW_SHARES = [1.01, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1];
const WINDOW_TOLERANCE = 1;
/** As the engine's default maxWindowChars. */
const MAX_WINDOW_CHARS = ANSWER_DEFAULTS.maxWindowChars;

type Part = "train" | "validation" | "heldout";

interface Labelled {
  set: string;
  part: Part;
  group: Group;
  /** For the abstention model: the candidate set and whether the corpus holds the answer. */
  candidates?: CandidateSet;
  answerable?: boolean;
}

const log = (line: string) => process.stderr.write(line + "\n");

function partOf(title: string, heldOut: boolean): Part {
  if (heldOut) return "heldout";
  return fnv1a(`${title.normalize("NFKC").trim()}#validation`) % 100 < VALIDATION_PERCENT ? "validation" : "train";
}

/** The candidates of one question, labelled by the gold answers. */
const ANCHOR = FEATURES.indexOf("anchorHere");

function label(set: CandidateSet, isGold: (sentence: string, title: string) => boolean): Group {
  return {
    rows: set.candidates.map((c) => Float32Array.from(c.features)),
    positive: set.candidates.map((c) => {
      const a = c.text.article;
      return isGold(c.text.sentences[c.sentence].text, [a.kicker, a.headline, a.subtitle].filter(Boolean).join(" "));
    }),
    eligible: set.candidates.map((c) => c.features[ANCHOR] > 0),
    weight: 1,
  };
}

/** The best eligible row by score, or -1. */
function bestRow(group: Group, scores: number[]): number {
  let best = -1;
  scores.forEach((s, i) => {
    if ((group.eligible?.[i] ?? true) && (best < 0 || s > scores[best])) best = i;
  });
  return best;
}

async function squadGroups(set: SquadSet, abstain: boolean): Promise<Labelled[]> {
  const { engine, kept } = await openSquadLibrary(set, abstain);
  const keptSet = new Set(kept);
  const out: Labelled[] = [];
  for (const q of set.questions) {
    const p = set.paragraphs[q.paragraph];
    const part = partOf(p.title, p.heldOut);
    const candidates = engine.candidates(q.question);
    const group = label(candidates, (s) => holdsGold(s, q.answers));
    out.push({ set: set.name, part, group, candidates, answerable: keptSet.has(q.paragraph) });
  }
  return out;
}

async function devGroups(file: string): Promise<{ groups: Labelled[]; engine: NewsEngine }> {
  const library = await openLibrary({ corpusDir: join(ROOT, "corpus"), snapshot: false, buildThreads: 0 });
  const engine = library.engine;
  const norm = (s: string) => normalizeText(s).replace(/\s+/g, "");
  const groups: Labelled[] = [];
  for (const c of parseEvalCases(readFileSync(file, "utf8"))) {
    const candidates = engine.candidates(c.q);
    const key = c.article;
    const isGold = (sentence: string, title: string) =>
      key !== null && norm(title).includes(norm(key)) && c.expect.length > 0 && c.expect.every((f) => norm(sentence).includes(norm(f)));
    const group = label(candidates, isGold);
    groups.push({ set: "dev", part: "train", group, candidates, answerable: key !== null });
  }
  return { groups, engine };
}

interface Scorer {
  score(row: ArrayLike<number>): number;
}

/** Share of questions whose best candidate holds gold. */
function answerAt1(net: Scorer, groups: Labelled[]): number {
  if (groups.length === 0) return 0;
  let right = 0;
  for (const { group } of groups) {
    const best = bestRow(
      group,
      group.rows.map((r) => net.score(r)),
    );
    if (best >= 0 && group.positive[best]) right++;
  }
  return right / groups.length;
}

/**
 * Share of questions whose answer holds gold when the best sentence takes in its neighbour whose
 * probability is at least `share` of its own (as the engine's select() does).
 */
function windowAt1(net: Scorer, groups: Labelled[], share: number): number {
  if (groups.length === 0) return 0;
  let right = 0;
  for (const { group, candidates } of groups) {
    if (group.rows.length === 0 || !candidates) continue;
    const scores = group.rows.map((r) => net.score(r));
    const best = bestRow(group, scores);
    if (best < 0) continue;
    if (group.positive[best]) {
      right++;
      continue;
    }
    const c = candidates.candidates[best];
    const sentence = c.text.sentences[c.sentence];
    let neighbour = -1;
    candidates.candidates.forEach((o, i) => {
      if (o.text !== c.text || Math.abs(o.sentence - c.sentence) !== 1) return;
      const other = o.text.sentences[o.sentence];
      const length = Math.max(other.end, sentence.end) - Math.min(other.start, sentence.start);
      if (other.paragraph !== sentence.paragraph || length > MAX_WINDOW_CHARS) return;
      if (neighbour < 0 || scores[i] > scores[neighbour]) neighbour = i;
    });
    if (neighbour >= 0 && Math.exp(scores[neighbour] - scores[best]) >= share && group.positive[neighbour]) right++;
  }
  return right / groups.length;
}

/** Window answer@1 on the validation part for a few shares (summed over the sets). */
function windowShares(net: Scorer, validation: Labelled[]): Record<string, number> {
  const table: Record<string, number> = {};
  for (const share of WINDOW_SHARES) {
    const bySet = new Map<string, Labelled[]>();
    for (const g of validation) if (g.set !== "dev") bySet.set(g.set, [...(bySet.get(g.set) ?? []), g]);
    table[String(share)] = pct([...bySet.values()].reduce((s, gs) => s + windowAt1(net, gs, share), 0) / Math.max(1, bySet.size));
  }
  return table;
}

/**
 * The largest share (fewest two-sentence answers) within WINDOW_TOLERANCE points of the best:
 * a longer answer must earn its place.
 */
function chooseWindowShare(table: Record<string, number>): number {
  const best = Math.max(...Object.values(table));
  return Math.max(
    ...Object.entries(table)
      .filter(([, v]) => v >= best - WINDOW_TOLERANCE)
      .map(([k]) => Number(k)),
  );
}

function sha256(files: string[]): string {
  const hash = createHash("sha256");
  for (const f of files) hash.update(readFileSync(f));
  return hash.digest("hex");
}

function toNetwork(net: ListwiseNet): Network {
  const { width: d, hidden: H, params: p } = net;
  return {
    hidden:
      H > 0
        ? {
            weights: Array.from({ length: H }, (_, j) => Array.from(p.subarray(j * d, (j + 1) * d))),
            bias: Array.from(p.subarray(net.b1Offset, net.b1Offset + H)),
          }
        : null,
    output: { weights: Array.from(p.subarray(net.w2Offset, net.w2Offset + H + d)), bias: 0 },
  };
}

const pct = (x: number) => Math.round(1000 * x) / 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cmrc: { type: "string", default: join(ROOT, "..", "shared", "qa", "public", "cmrc2018_trial.json") },
      drcd: { type: "string", default: join(ROOT, "..", "shared", "qa", "public", "drcd_test.json") },
      dev: { type: "string", default: join(ROOT, "..", "shared", "qa", "dev.jsonl") },
      seed: { type: "string", default: "20241201" },
      hidden: { type: "string", default: "16" },
      ensemble: { type: "string", default: "5" },
      epochs: { type: "string", default: "40" },
      out: { type: "string", default: join(ROOT, "src", "search", "answer", "ranker-model.json") },
    },
  });
  const seed = Number(values.seed);
  const hidden = Number(values.hidden);
  const epochs = Number(values.epochs);
  const ensemble = Number(values.ensemble);
  const devFile = existsSync(values.dev) ? values.dev : join(ROOT, "tests", "fixtures", "qa", "dev.jsonl");
  const files = [values.cmrc, values.drcd, devFile];
  const sets = [readSquad(values.cmrc, "cmrc"), readSquad(values.drcd, "drcd")];
  const started = performance.now();

  log("describing candidates (full corpora)…");
  const all: Labelled[] = [];
  for (const set of sets) all.push(...(await squadGroups(set, false)));
  const dev = await devGroups(devFile);
  all.push(...dev.groups);
  log(
    `  ${all.length} questions, ${all.reduce((n, g) => n + g.group.rows.length, 0)} candidates, ${Math.round((performance.now() - started) / 1000)} s`,
  );

  // Each set weighs the same in the loss, whatever its size (the hidden sets are of similar sizes).
  const weigh = (groups: Labelled[]) => {
    const perSet = new Map<string, number>();
    for (const g of groups) perSet.set(g.set, (perSet.get(g.set) ?? 0) + 1);
    for (const g of groups) g.group.weight = g.set === "dev" ? 3 : 1000 / (perSet.get(g.set) ?? 1);
    return groups.map((g) => g.group);
  };
  const train = all.filter((g) => g.part === "train");
  const validation = all.filter((g) => g.part === "validation");
  const learning = { hidden, rate: 0.003, l2: 1e-4, batch: 16 };
  // 1. How long to train: one network on the train part, stopped where the validation part peaks.
  const probe = trainListwise(
    weigh(train),
    FEATURES.length,
    standardization(
      train.flatMap((g) => g.group.rows),
      FEATURES.length,
    ),
    {
      ...learning,
      epochs,
      seed,
      validate: (n) =>
        sets.reduce(
          (s, set) =>
            s +
            answerAt1(
              n,
              validation.filter((g) => g.set === set.name),
            ),
          0,
        ),
      log,
    },
  );
  const windowTable = windowShares(probe, validation);
  const windowShare = chooseWindowShare(windowTable);
  log(`  best epoch ${probe.epochs}; window share ${windowShare} (${JSON.stringify(windowTable)})`);
  // 2. The ensemble: networks from different seeds on train + validation, for that many epochs.
  const fit = [...train, ...validation];
  const std = standardization(
    fit.flatMap((g) => g.group.rows),
    FEATURES.length,
  );
  const nets: ListwiseNet[] = [];
  for (let k = 0; k < ensemble; k++) {
    nets.push(trainListwise(weigh(fit), FEATURES.length, std, { ...learning, epochs: probe.epochs, seed: seed + k }));
    log(`  network ${k + 1}/${ensemble} trained`);
  }
  const net: Scorer = { score: (row) => nets.reduce((s, n) => s + n.score(row), 0) / nets.length };
  const figures: Record<string, Record<string, number>> = {};
  for (const set of [...sets.map((s) => s.name), "dev"]) {
    figures[set] = {};
    for (const part of ["train", "validation", "heldout"] as Part[]) {
      const groups = all.filter((g) => g.set === set && g.part === part);
      if (groups.length > 0) {
        figures[set][`sentence_at_1_${part}`] = pct(answerAt1(net, groups));
        figures[set][`window_at_1_${part}`] = pct(windowAt1(net, groups, windowShare));
      }
    }
  }
  log(`ranker: ${JSON.stringify(figures)}`);

  // The abstention model, on the half corpora.
  log("describing candidates (half corpora, for abstention)…");
  const half: Labelled[] = [];
  for (const set of sets) half.push(...(await squadGroups(set, true)));
  half.push(...dev.groups);
  const partial: RankerModel = {
    version: 1,
    features: [...FEATURES],
    mean: std.mean,
    scale: std.scale,
    networks: nets.map(toNetwork),
    windowShare,
    abstain: { features: [...ABSTAIN_FEATURES], mean: [], scale: [], weights: [], bias: 0, threshold: 0 },
  };
  // Question rows, for questions with a candidate that may be an answer (the others never get one).
  const rowCache = new Map<Labelled, Float64Array | null>();
  const rowFor = (l: Labelled) => {
    let row = rowCache.get(l);
    if (row === undefined) {
      const c = l.candidates!;
      const scores = Float64Array.from(c.candidates, (x) => net.score(x.features));
      const order = answerOrder(c.candidates, scores);
      row = order.length === 0 ? null : abstainFeatures(c.candidates, scores, order, c.facts);
      rowCache.set(l, row);
    }
    return row;
  };
  const abstainTrain = half.filter((l) => l.part !== "heldout" && rowFor(l) !== null);
  const setCount = new Map<string, number>();
  for (const l of abstainTrain) setCount.set(l.set, (setCount.get(l.set) ?? 0) + 1);
  const fitAbstain = (qs: Labelled[], hiddenUnits: number) =>
    trainLogistic(
      qs.map((l) => rowFor(l)!),
      qs.map((l) => (l.answerable ? 1 : 0)),
      qs.map((l) => (l.set === "dev" ? 3 : 1000 / (setCount.get(l.set) ?? 1))),
      { epochs: 600, rate: 0.05, l2: 1e-3, hidden: hiddenUnits, seed },
    );
  // The shape of the abstention model (logistic, or with a few tanh units) is the one with the
  // lower expected cost on the validation titles when fitted on the train titles alone.
  const validationCost = (m: LogisticModel) => {
    const prob = (l: Labelled) => {
      const row = rowFor(l);
      return row === null ? 0 : logisticProbability(m, row);
    };
    const un = (set: string) => half.filter((l) => l.set === set && l.part === "validation" && !l.answerable).map(prob);
    const answerable = (set: string) => all.filter((l) => l.set === set && l.part === "validation").map(prob);
    const perSet = sets.map((set) => ({ un: un(set.name), an: answerable(set.name) }));
    const costAt = (t: number) =>
      perSet.reduce((sum, { un, an }) => {
        const answered = un.length ? un.filter((v) => v >= t).length / un.length : 0;
        const none = an.length ? an.filter((v) => v < t).length / an.length : 0;
        return sum + WRONG_ANSWER_COST * UNANSWERABLE_PRIOR * answered + (1 - UNANSWERABLE_PRIOR) * none;
      }, 0) / perSet.length;
    return Math.min(...Array.from({ length: 99 }, (_, i) => costAt((i + 1) / 100)));
  };
  const onTrain = abstainTrain.filter((l) => l.part === "train");
  const shapes = ABSTAIN_HIDDEN_TRIED.map((units) => ({ units, cost: validationCost(fitAbstain(onTrain, units)) }));
  const abstainHidden = shapes.reduce((a, b) => (b.cost < a.cost - 1e-9 ? b : a)).units;
  log(`abstention shapes (validation cost): ${JSON.stringify(shapes)} → ${abstainHidden} hidden units`);
  const logistic = fitAbstain(abstainTrain, abstainHidden);
  // Probability per question (questions with no candidate never get an answer: p = 0).
  const probability = (l: Labelled) => {
    const row = rowFor(l);
    return row === null ? 0 : logisticProbability(logistic, row);
  };
  // Per set and part: unanswerable questions answered (half corpora) and answerable ones left
  // without an answer (full corpora, where every question has its paragraph).
  const pick = (qs: Labelled[], set: string, part: "train" | "heldout") =>
    qs.filter((l) => l.set === set && (part === "heldout" ? l.part === "heldout" : l.part !== "heldout"));
  const probabilities = new Map<Labelled, number>();
  const p = (l: Labelled) => {
    let v = probabilities.get(l);
    if (v === undefined) probabilities.set(l, (v = probability(l)));
    return v;
  };
  // Does the ranker's best sentence hold gold? An answerable question whose best sentence is wrong
  // looks to the abstention model much like one the corpus cannot answer: how much of the no-answer
  // rate such questions make says whether a better abstainer or a better ranker would lower it.
  const bestRight = new Map<Labelled, boolean>();
  const right = (l: Labelled) => {
    let v = bestRight.get(l);
    if (v === undefined) {
      const best = bestRow(
        l.group,
        l.group.rows.map((r) => net.score(r)),
      );
      bestRight.set(l, (v = best >= 0 && l.group.positive[best]));
    }
    return v;
  };
  const rates = (set: string, part: "train" | "heldout", t: number) => {
    const un = pick(half, set, part).filter((l) => !l.answerable);
    const full = pick(all, set, part);
    const share = (n: number) => (full.length ? n / full.length : 0);
    const unanswered = full.filter((l) => p(l) < t);
    return {
      unanswerable_answered: un.length ? un.filter((l) => p(l) >= t).length / un.length : 0,
      answerable_no_answer: share(unanswered.length),
      /** The part of answerable_no_answer whose best sentence held gold (the rest was wrong anyway). */
      no_answer_best_right: share(unanswered.filter(right).length),
    };
  };
  const figuresOf = (r: ReturnType<typeof rates>) => ({
    unanswerable_answered: pct(r.unanswerable_answered),
    answerable_no_answer: pct(r.answerable_no_answer),
    no_answer_best_right: pct(r.no_answer_best_right),
  });
  // The two targets (≤ 10 % of unanswerable answered, ≤ 3 % of answerable unanswered) cannot both
  // hold on the DRCD-style set (see the trade-off), so the threshold minimizes the expected cost of
  // wrong outcomes at the share of unanswerable questions seen in real use (8 of 72 on the real
  // local news), averaged over the sets: an answer where there is none costs WRONG_ANSWER_COST
  // times a question left unanswered (which still gets the related articles).
  const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const cost = (t: number) =>
    sets.reduce((sum, set) => {
      const r = rates(set.name, "train", t);
      return sum + WRONG_ANSWER_COST * UNANSWERABLE_PRIOR * r.unanswerable_answered + (1 - UNANSWERABLE_PRIOR) * r.answerable_no_answer;
    }, 0) / sets.length;
  let threshold = GRID[0];
  for (const t of GRID) if (cost(t) < cost(threshold) - 1e-12) threshold = t;
  const tradeOff: Record<string, unknown>[] = [];
  for (const t of [0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7]) {
    const row: Record<string, unknown> = { threshold: t };
    for (const set of sets) {
      for (const part of ["train", "heldout"] as const) {
        const r = rates(set.name, part, t);
        row[`${set.name}_${part}`] = figuresOf(r);
      }
    }
    tradeOff.push(row);
  }
  const atThreshold = Object.fromEntries(
    sets.flatMap((set) =>
      (["train", "heldout"] as const).map((part) => {
        const r = rates(set.name, part, threshold);
        return [`${set.name}_${part}`, figuresOf(r)];
      }),
    ),
  );
  log(`abstention: threshold ${threshold} → ${JSON.stringify(atThreshold)}`);
  for (const row of tradeOff) log(`  ${JSON.stringify(row)}`);

  const model: RankerModel = {
    ...partial,
    abstain: {
      features: [...ABSTAIN_FEATURES],
      mean: logistic.std.mean,
      scale: logistic.std.scale,
      ...(logistic.hidden ? { hidden: logistic.hidden } : {}),
      weights: logistic.weights,
      bias: logistic.bias,
      threshold,
    },
    trainedOn: {
      data: files.map((f) => f.replace(ROOT + "/", "")),
      dataSha256: sha256(files),
      split: `titles held out when fnv1a(NFKC title) % 100 < ${HELD_OUT_PERCENT}; of the rest, ${VALIDATION_PERCENT}% (fnv1a(title + "#validation")) for early stopping`,
      seed,
      hidden,
      ensemble,
      epochs: probe.epochs,
      windowShares: windowTable,
      figures,
      abstention: { unanswerablePrior: UNANSWERABLE_PRIOR, wrongAnswerCost: WRONG_ANSWER_COST, threshold, atThreshold, tradeOff },
      date: new Date().toISOString().slice(0, 10),
      seconds: Math.round((performance.now() - started) / 1000),
    },
  };
  const json =
    JSON.stringify(model, (_key, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v), 1) + "\n";
  writeFileSync(values.out, json);
  const distCopy = join(ROOT, "dist", "search", "answer", "ranker-model.json");
  if (existsSync(dirname(distCopy))) writeFileSync(distCopy, json);
  log(`wrote ${values.out} (${Math.round(json.length / 1024)} KB) in ${Math.round((performance.now() - started) / 1000)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`train-ranker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
