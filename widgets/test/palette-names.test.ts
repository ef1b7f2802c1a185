import { describe, expect, it } from "vitest";
import { nameWords } from "../src/editor/palette-view";

describe("layer names in a narrow palette", () => {
  it("break between words, never inside one", () => {
    expect(nameWords("GlobalAveragePooling2D")).toEqual(["Global", "Average", "Pooling", "2D"]);
    expect(nameWords("Conv2DTranspose")).toEqual(["Conv", "2D", "Transpose"]);
    expect(nameWords("MultiHeadAttention")).toEqual(["Multi", "Head", "Attention"]);
    expect(nameWords("LSTM")).toEqual(["LSTM"]);
    expect(nameWords("SimpleRNN")).toEqual(["SimpleRNN"]); // capitals in a row are one word
    expect(nameWords("Leaky ReLU")).toEqual(["Leaky ReLU"]);
    expect(nameWords("全连接层")).toEqual(["全连接层"]);
  });

  it("keep the name's text whole", () => {
    for (const name of ["GlobalMaxPooling1D", "MultiHeadAttention", "Dense", ""])
      expect(nameWords(name).join("")).toBe(name);
  });
});
