/**
 * True when an object's enumerable keys are exactly `keys`, in that order (as data parsed by a zod
 * object schema has them). Lets hot paths copy such data field by field instead of spreading it: in
 * V8 (Node 20), a spread followed by new fields gives every object a hidden class of its own, which
 * makes every later access to those objects megamorphic and allocates a map per object.
 */
export const hasKeysInOrder = (value: object, keys: readonly string[]): boolean => {
  let i = 0;
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
};
