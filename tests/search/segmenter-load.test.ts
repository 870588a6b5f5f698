/** jieba's dictionaries loaded off the main thread (start-up): the words are the same whenever segment() is called. */
import { describe, expect, it } from "vitest";
import { PROJECT_CORPUS_DIR, resourceFiles, USER_DICT_FILE } from "../../src/library/open-library.js";
import { initSegmenterAsync, segment } from "../../src/search/text/segment.js";

const TEXT = "聊城市高唐县2024年新建口袋公园8处，PM2.5浓度下降12.5%";

describe("loading jieba on a libuv thread", () => {
  it("gives the same words to a call made before the load settles (a synchronous load) and after it", async () => {
    const loading = initSegmenterAsync(resourceFiles(PROJECT_CORPUS_DIR, USER_DICT_FILE));
    const during = segment(TEXT, "search");
    await loading;
    const after = segment(TEXT, "search");
    expect(during.length).toBeGreaterThan(5);
    expect(after).toEqual(during);
    // A second call once loaded resolves at once and changes nothing.
    await initSegmenterAsync(resourceFiles(PROJECT_CORPUS_DIR, USER_DICT_FILE));
    expect(segment(TEXT, "search")).toEqual(during);
  });
});
