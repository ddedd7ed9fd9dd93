/** A parsed JSON object (not an array, not null). */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list member of a file, or an empty list when it is missing or not a list. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
