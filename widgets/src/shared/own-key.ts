// Whether a key belongs to an object itself, never to Object.prototype (a layer
// or widget called "constructor" or "toString" must not be found by accident).

/** `key` is an own property of `obj`. */
export function hasOwn(obj: object, key: PropertyKey): boolean {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; the bundles target ES2020 (build.mjs)
  return Object.prototype.hasOwnProperty.call(obj, key);
}
