import { describe, expect, it } from "vitest";
import { canvasPoint } from "../src/editor/canvas-point";

/** An element stand-in: where it is now (`rect`), its CSS size and border. */
const element = (
  rect: { left: number; top: number; width: number; height: number },
  w: number,
  h: number,
  border = 0,
) =>
  ({
    getBoundingClientRect: () => rect,
    offsetWidth: w,
    offsetHeight: h,
    clientLeft: border,
    clientTop: border,
  }) as unknown as HTMLElement;

describe("a page point in canvas pixels", () => {
  it("is measured from where the canvas is now", () => {
    const rect = { left: 100, top: 50, width: 400, height: 300 };
    const canvas = element(rect, 400, 300);
    expect(canvasPoint(canvas, 150, 80)).toEqual({ x: 50, y: 30 });
    rect.top = -250; // the page scrolled by 300 px
    expect(canvasPoint(canvas, 150, 80)).toEqual({ x: 50, y: 330 });
  });

  it("leaves out the border and undoes a zoom of the page around the canvas", () => {
    expect(canvasPoint(element({ left: 0, top: 0, width: 402, height: 302 }, 402, 302, 1), 11, 21)).toEqual({
      x: 10,
      y: 20,
    });
    expect(canvasPoint(element({ left: 100, top: 100, width: 500, height: 250 }, 400, 200), 350, 200)).toEqual({
      x: 200,
      y: 80,
    });
  });
});
