import { describe, expect, it } from "vitest";
import { inferCity, preferLocalCity } from "../../src/corpus/city.js";

describe("the page's city", () => {
  it("is the city the page names most", () => {
    expect(inferCity("济南市今年……济南市将……我市")).toBe("济南");
    expect(inferCity("只提到一次聊城市")).toBeNull();
  });

  it("stays the paper's own city when the page names it about as often as a county-level city", () => {
    const text = "聊城市中心城区……临清市烟店镇……临清市轴承产业";
    const items = [{ city: inferCity(text) }];
    expect(items[0].city).toBe("临清");
    preferLocalCity(items, text, "聊城");
    expect(items[0].city).toBe("聊城");
  });

  it("is another city's when that city dominates and the paper's city is only mentioned", () => {
    const text = "济南市……济南市……济南市……与聊城合作";
    const items = [{ city: inferCity(text) }];
    preferLocalCity(items, text, "聊城");
    expect(items[0].city).toBe("济南");
  });
});
