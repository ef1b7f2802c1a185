import { describe, expect, it } from "vitest";
import { canConnect } from "../src/editor/connection-rules";
import { labelBox, modelElements, type NodeData, nodeLabel } from "../src/editor/graph-elements";
import { t } from "../src/editor/i18n";
import { infos, mnist, present, specs } from "./fixtures";

describe("the editor in Chinese", () => {
  it("writes parameter counts on the canvas in the editor's language", () => {
    const dense = present(
      mnist().models.model.nodes.find((n) => n.id === "dense"),
      "the node dense",
    );
    expect(nodeLabel(dense, specs.get("Dense"), infos.dense)).toMatch(/ params$/);
    expect(nodeLabel(dense, specs.get("Dense"), infos.dense, "zh")).toMatch(/ 个参数$/);
    const zh = modelElements(mnist().models.model, specs, infos, "zh");
    const en = modelElements(mnist().models.model, specs, infos);
    expect(zh.map((e) => e.data.id)).toEqual(en.map((e) => e.data.id));
    expect(zh.some((e, i) => (e.data as NodeData).label !== (en[i].data as NodeData).label)).toBe(true);
  });

  it("gives wide characters room on a node", () => {
    expect(labelBox("参数参数参数参数参数参数参数参数").w).toBeGreaterThan(labelBox("abcdefghabcdefgh").w);
  });

  it("says why a connection is refused in the editor's language", () => {
    const model = mnist().models.model;
    expect(canConnect(model, specs, infos, "dense", "conv1", "zh")).toEqual({
      ok: false,
      reason: "这会形成环路：conv1 已经连到 dense",
    });
    expect(canConnect(model, specs, infos, "dense", "dense", "zh")).toEqual({ ok: false, reason: t("zh", "selfLoop") });
    expect(canConnect(model, specs, infos, "dense", "dense")).toEqual({
      ok: false,
      reason: "a layer cannot feed itself",
    });
  });
});
