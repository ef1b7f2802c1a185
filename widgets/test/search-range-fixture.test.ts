import { describe, expect, it } from "vitest";
import { rangeProblem, type SearchCatalog } from "../src/editor/search-range-rules";
import type { ParamSpec } from "../src/editor/types";
import fixture from "./python-fixtures/search-ranges.json";
import type { Json } from "../src/shared/widget";

// Search ranges typed into the inspector, and what the project's checks say of each (python -m
// tests.shared_fixtures writes the file): the browser's check as a range is typed must take and refuse the same.
interface Case {
  param: string;
  range: { values?: Json[]; low?: Json; high?: Json; log?: boolean; step?: Json };
  accepted: boolean;
  field: string | null;
}
const { catalog, params, cases } = fixture as unknown as {
  catalog: Omit<SearchCatalog, "categories">;
  params: Record<string, ParamSpec>;
  cases: Case[];
};
const searchCatalog = { categories: [], ...catalog } as SearchCatalog;
const name = (c: Case) => `${c.param} ${JSON.stringify(c.range)}`;

describe("search ranges, as the project's checks judge them", () => {
  it("tries ranges taken and refused, lists and bounds", () => {
    expect(cases.filter((c) => c.accepted).length).toBeGreaterThan(8);
    expect(cases.filter((c) => !c.accepted).length).toBeGreaterThan(12);
    expect(cases.some((c) => c.range.values === undefined && !c.accepted)).toBe(true);
  });

  for (const lang of ["en", "zh"] as const) {
    it(`takes what Python takes and names the field it names (${lang})`, () => {
      for (const c of cases) {
        const problem = rangeProblem(params[c.param], c.range, searchCatalog, lang);
        expect(problem === null, name(c)).toBe(c.accepted);
        if (c.field !== null) expect(problem?.field, name(c)).toBe(c.field);
        if (problem) expect(problem.message, name(c)).not.toBe("");
      }
    });
  }
});
