// The pictures Python sends for the canvas's nodes: a node with one draws it as its background image, beside its
// text, in a box grown to make room; a node without one, or once they are taken away, is drawn as before.
import cytoscape from "cytoscape";
import { describe, expect, it } from "vitest";
import { syncCanvas } from "../src/editor/canvas-sync";
import { labelBox, modelElements, type NodeData } from "../src/editor/graph-elements";
import { readThumbnails, THUMB_PX, THUMB_ROOM, thumbnailStyle } from "../src/editor/thumbnails";
import { infos, mnist, present, specs } from "./fixtures";

const URL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==";

const canvas = () => cytoscape({ headless: true, styleEnabled: true, style: thumbnailStyle() });
const node = (elements: ReturnType<typeof modelElements>, id: string) =>
  present(
    elements.find((e) => e.data.id === id),
    `node ${id}`,
  );

describe("thumbnails on the canvas's nodes", () => {
  it("keeps only PNG data URLs of the trait", () => {
    const read = readThumbnails({ conv1: URL, dense: "https://example.org/x.png", image: 3 });
    expect([...read.entries()]).toEqual([["conv1", URL]]);
    expect(readThumbnails(null).size).toBe(0);
    expect(readThumbnails(["x"]).size).toBe(0);
  });

  it("gives a node with a picture its data, a class and room for it", () => {
    const plain = modelElements(mnist().models.model, specs, infos);
    const drawn = modelElements(mnist().models.model, specs, infos, "en", readThumbnails({ conv1: URL }));
    const before = node(plain, "conv1").data as NodeData;
    const after = node(drawn, "conv1");
    const data = after.data as NodeData;
    expect(data.thumb).toBe(URL);
    expect(after.classes?.split(" ")).toContain("nnb-thumb");
    expect(data.w).toBe(labelBox(before.label).w + THUMB_ROOM);
    expect(data.h).toBeGreaterThanOrEqual(THUMB_PX);
    expect(data.label).toBe(before.label);
    expect(node(drawn, "conv1").position).toEqual(node(plain, "conv1").position);
    expect(node(drawn, "dense")).toEqual(node(plain, "dense")); // no picture: drawn as before
    expect((node(plain, "conv1").data as NodeData).thumb).toBe("");
  });

  it("draws the picture as the node's background image, and takes it away again", () => {
    const cy = canvas();
    const model = mnist().models.model;
    syncCanvas(cy, model, specs, infos, true, new Set());
    const conv = cy.getElementById("conv1");
    expect(conv.style("background-image")).toBe("none");
    const width = conv.data("w");
    syncCanvas(cy, model, specs, infos, false, new Set(), "en", readThumbnails({ conv1: URL }));
    expect(conv.hasClass("nnb-thumb")).toBe(true);
    expect(conv.style("background-image")).toBe(URL);
    expect(conv.style("background-width")).toBe(`${THUMB_PX}px`);
    expect(conv.data("w")).toBe(width + THUMB_ROOM);
    expect(cy.getElementById("dense").style("background-image")).toBe("none");
    expect(cy.edges().length).toBe(model.edges.length); // the edges still join the same nodes
    syncCanvas(cy, model, specs, infos, false, new Set(), "en", readThumbnails({}));
    expect(conv.hasClass("nnb-thumb")).toBe(false);
    expect(conv.style("background-image")).toBe("none");
    expect(conv.data("w")).toBe(width);
    cy.destroy();
  });

  it("draws an operation carrying a picture as a rounded box, so the picture is not cut", () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: "node.nnb-op", style: { shape: "ellipse" } }, ...thumbnailStyle()],
    });
    const op = (classes: string) => cy.add({ group: "nodes", data: { id: classes, thumb: URL }, classes });
    expect(op("nnb-op").style("shape")).toBe("ellipse");
    expect(op("nnb-op nnb-thumb").style("shape")).toBe("round-rectangle");
    cy.destroy();
  });
});
