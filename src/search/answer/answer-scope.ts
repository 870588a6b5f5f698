/**
 * A question's place and time scope over the archive, for the engine's ranking loop: which
 * retrieved articles may answer at all (a 德州 question never gets a 聊城 answer; 2023年 filters
 * by date), a place-fit and a date-fit per article (a multiplier of each answer's probability
 * after the learned ranker), and the order of the answers for a question about now.
 */
import type { Article } from "../../corpus/types.js";
import type { QuestionIntent } from "./intent.js";
import type { PlaceScope, QuestionPlace } from "./place-scope.js";
import type { ParsedQuery } from "./question.js";
import { newestFirst, type ArchiveSentence } from "./recency.js";
import type { ScoredSentence } from "./scored-sentence.js";
import { dateFit, hasTimeWords, parseTimeScope, type TimeScope } from "./time-scope.js";

/** What the archive knows about one candidate article for one question (0–1 each). */
export interface ArchiveFeatures {
  /** 1 when the article is about the places asked; lower for a passing mention or another city's story. */
  placeFit: number;
  /** 1 when its date fits the question's time words (or there are none). */
  dateFit: number;
}

export interface ArticleScope {
  features: ArchiveFeatures;
  /** The article may not answer. */
  veto: boolean;
  /** Places its answer sentence must name. */
  sentenceMustName: QuestionPlace[];
}

/** Weight of the place fit in the interim multiplier (the rest is fixed). */
const PLACE_WEIGHT = 0.5;

export class AnswerScope {
  readonly places: QuestionPlace[];
  readonly time: TimeScope;

  constructor(
    query: ParsedQuery,
    private readonly placeScope: PlaceScope,
    now: Date,
  ) {
    this.places = placeScope.questionPlaces(query);
    this.time = parseTimeScope(query.question, now);
  }

  /** Whether the time words may filter many articles out (retrieve more candidates then). */
  get filters(): boolean {
    return this.time.range !== undefined || this.places.length > 0;
  }

  /** The scope of one retrieved article. */
  of(article: Article): ArticleScope {
    const place = this.placeScope.fit(article, this.places);
    const date = dateFit(article, this.time);
    return {
      features: { placeFit: place.fit, dateFit: date },
      veto: place.veto || date === 0,
      sentenceMustName: place.sentenceMustName,
    };
  }

  /** Whether a sentence of the article may stand as its answer. */
  accepts(sentence: string, scope: ArticleScope): boolean {
    return this.placeScope.sentenceNames(sentence, scope.sentenceMustName);
  }

  /** The multiplier of an answer's probability (the ranker was trained on public sets without dates or cities). */
  weight(features: ArchiveFeatures): number {
    return (1 - PLACE_WEIGHT + PLACE_WEIGHT * features.placeFit) * features.dateFit;
  }

  /** Answers (best first) in the order to give them: newest first for a question about now. */
  order(ranked: ScoredSentence[], intent: QuestionIntent): ArchiveSentence[] {
    return newestFirst(ranked, this.time, intent);
  }

  /** Whether the question has time words. */
  get timed(): boolean {
    return hasTimeWords(this.time);
  }
}
