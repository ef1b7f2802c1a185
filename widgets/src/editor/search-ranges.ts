// The project's `search` section as the canvas edits it: one range per searched node setting
// (nnbuilder/document/search_section.py holds the section's rules; docs/search.md says what a range is).
// Pure edits: each returns a fresh document and leaves the old one alone.
import type { ProjectDoc } from "./types";
import type { Json } from "../shared/widget";

/** The setting `param` of node `node` of model `model`. */
export interface NodeTarget {
  model: string;
  node: string;
  param: string;
}

/** One range: a list of `values`, or numbers from `low` to `high` (on a `log` scale, by `step`). */
export interface SearchRange {
  target: NodeTarget | { training: string };
  values?: Json[];
  low?: number;
  high?: number;
  log?: boolean;
  step?: number;
  type?: "int" | "float";
}

export interface SearchSection {
  ranges: SearchRange[];
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

export function isNodeTarget(target: unknown): target is NodeTarget {
  return isObject(target) && typeof target.node === "string" && typeof target.model === "string";
}

/** The project's search section, or undefined when it has none (or one this editor cannot read). */
export function searchOf(project: ProjectDoc): SearchSection | undefined {
  const section = project.search;
  return isObject(section) && Array.isArray(section.ranges) ? (section as SearchSection) : undefined;
}

const onSetting = (r: SearchRange, model: string, node: string, param: string): boolean =>
  isNodeTarget(r.target) && r.target.model === model && r.target.node === node && r.target.param === param;

/** The range on setting `param` of node `node`, if it is searched. */
export function rangeOf(project: ProjectDoc, model: string, node: string, param: string): SearchRange | undefined {
  return searchOf(project)?.ranges.find((r) => onSetting(r, model, node, param));
}

/** The searched settings of each node of `model`: node id -> the param names, in the section's order. */
export function searchedSettings(project: ProjectDoc, model: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of searchOf(project)?.ranges ?? []) {
    if (!isNodeTarget(r.target) || r.target.model !== model) continue;
    const params = out.get(r.target.node) ?? [];
    params.push(r.target.param);
    out.set(r.target.node, params);
  }
  return out;
}

/** `project` with the section's ranges set to `ranges`; a section left without ranges goes, since Python refuses
 * one with none. */
function withRanges(project: ProjectDoc, section: Record<string, unknown>, ranges: SearchRange[]): ProjectDoc {
  if (ranges.length === 0) {
    const { search: _gone, ...rest } = project;
    return rest as ProjectDoc;
  }
  return { ...project, search: { ...section, ranges } };
}

/**
 * Search a node setting over `range` (its target names the setting): the range already there is replaced in
 * place, else it is added last. A project without a section gets one with `defaults` (search_section.DEFAULTS,
 * sent by Python in the catalog).
 */
export function putRange(project: ProjectDoc, range: SearchRange, defaults: Record<string, Json> = {}): ProjectDoc {
  if (!isNodeTarget(range.target)) return project;
  const { model, node, param } = range.target;
  const section = searchOf(project);
  if (!section) return withRanges(project, { ...defaults }, [range]);
  const at = section.ranges.findIndex((r) => onSetting(r, model, node, param));
  const ranges = at < 0 ? [...section.ranges, range] : section.ranges.map((r, i) => (i === at ? range : r));
  return withRanges(project, section, ranges);
}

/** Stop searching setting `param` of node `node`; the same document when it was not searched. */
export function dropRange(project: ProjectDoc, model: string, node: string, param: string): ProjectDoc {
  const section = searchOf(project);
  if (!section?.ranges.some((r) => onSetting(r, model, node, param))) return project;
  return withRanges(
    project,
    section,
    section.ranges.filter((r) => !onSetting(r, model, node, param)),
  );
}

/** Drop the ranges on the settings of nodes `ids` of `model` (they were deleted), as Python's remove_node does
 * (nnbuilder/ui/_edits.py); the same document when none had a range. */
export function dropNodeRanges(project: ProjectDoc, model: string, ids: Iterable<string>): ProjectDoc {
  const section = searchOf(project);
  const gone = new Set(ids);
  const hit = (r: SearchRange) => isNodeTarget(r.target) && r.target.model === model && gone.has(r.target.node);
  if (!section?.ranges.some(hit)) return project;
  return withRanges(
    project,
    section,
    section.ranges.filter((r) => !hit(r)),
  );
}
