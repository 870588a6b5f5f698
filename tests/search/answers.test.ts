import { describe, expect, it } from "vitest";
import { article, engineFor } from "./helpers.js";

describe("answers on the seed page", () => {
  it("answers with the sentence, its headline and date", () => {
    const { answers } = engineFor().ask("聊城有多少家单项冠军企业？");
    const top = answers[0];
    expect(top.answer).toContain("累计培育国家级制造业单项冠军企业7家、省级79家");
    expect(top.headline).toBe("我市14家企业拟认定为省制造业单项冠军");
    expect(top.date).toBe("2024-11-29");
    expect(top.highlights).toContain("单项冠军企业");
    expect(top.excerpt).toContain(top.answer);
    expect(top.excerpt.length).toBeLessThanOrEqual(300);
  });

  it("chooses the sentence by question type: how many → the count, which day → the date", () => {
    const engine = engineFor();
    expect(engine.ask("聊城有几家企业入选第八批省制造业单项冠军拟认定名单").answers[0].answer).toContain("14家企业入选");
    expect(engine.ask("聊城主城区免费乘坐公交车政策是哪天施行的").answers[0].answer).toContain("11月19日");
    expect(engine.ask("聊城空气质量综合指数是多少").answers[0].answer).toContain("4.41");
    expect(engine.ask("冠县镀涂钢板制品产业集群在全省综合评价中排第几").answers[0].answer).toContain("第3名");
  });

  it("answers traditional-character questions", () => {
    expect(engineFor().ask("單項冠軍企業有多少家").answers[0].answer).toContain("79家");
  });

  it("returns no answer when nothing is relevant", () => {
    const engine = engineFor();
    for (const q of ["上海迪士尼门票多少钱", "北京房价走势", "世界杯冠军是谁", "聊城房价走势", "", "   ", "的了吗？", "2024年北京房价"]) {
      expect(engine.ask(q).answers, q).toEqual([]);
    }
  });

  it("does not let a stray number match every article with that number", () => {
    const engine = engineFor();
    expect(engine.ask("79家").answers).toEqual([]);
    expect(engine.ask("2024").answers).toEqual([]);
  });

  it("pages through answers with offset and reports the total", () => {
    const engine = engineFor();
    const all = engine.ask("高唐县", { limit: 10 });
    expect(all.total).toBeGreaterThanOrEqual(2);
    const second = engine.ask("高唐县", { limit: 1, offset: 1 });
    expect(second.answers[0].id).toBe(all.answers[1].id);
  });
});

describe("local knowledge", () => {
  const liaocheng = article(
    "lc",
    "我市14家企业拟认定为省制造业单项冠军",
    "近年来，我市大力开展制造业单项冠军企业培育提升行动。\n目前，累计培育国家级制造业单项冠军企业7家、省级79家。",
    { city: "聊城" },
  );
  const other = article(
    "jn",
    "我市新增9家制造业单项冠军企业",
    "近日，我市9家企业入选制造业单项冠军企业名单。\n截至目前，全市累计培育国家级制造业单项冠军企业36家、省级单项冠军企业168家。",
    { city: "济南" },
  );
  const filler = article("f", "莘县持续提升县域创新能力", "莘县成立了创新能力提升工作组，深入全县企业走访调研。", { city: "聊城" });

  it("matches 聊城 questions to 我市 articles of a Liaocheng page", () => {
    const engine = engineFor([liaocheng, filler]);
    expect(engine.ask("聊城累计培育了多少家单项冠军企业").answers[0].id).toBe("lc");
  });

  it("prefers the asked city's article over another city's on the same topic", () => {
    const engine = engineFor([other, liaocheng, filler]);
    const { answers } = engine.ask("聊城累计培育了多少家单项冠军企业");
    expect(answers[0].id).toBe("lc");
    expect(engine.ask("济南累计培育了多少家单项冠军企业").answers[0].id).toBe("jn");
  });
});
