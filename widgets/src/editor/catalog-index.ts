// Lookup tables over the catalog trait: layer name -> spec, layer -> category.
import { hasOwn } from "../shared/own-key";
import type { Catalog, LayerSpec } from "./types";

export type SpecIndex = Map<string, LayerSpec>;

export function indexCatalog(catalog: Catalog | null | undefined): SpecIndex {
  const out: SpecIndex = new Map();
  for (const cat of catalog?.categories ?? []) {
    for (const layer of cat.layers) out.set(layer.name, { ...layer, category: layer.category || cat.category });
  }
  return out;
}

/** Deep copy of a JSON value. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}
