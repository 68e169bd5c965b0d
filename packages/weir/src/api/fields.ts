/**
 * Types of field expressions (`keyBy(0)`, `sum("count")`): for a tuple the positions as numeric
 * literals, for an object its property names, for a primitive only `0` (the value itself). They make
 * `keyBy(1)` on a `[string, number]` stream a `KeyedStream<[string, number], number>` and reject
 * `sum(0)` when position 0 holds a string.
 */

/** Positions of a tuple type (`0 | 1` for `[string, number]`), `number` for plain arrays. */
export type TupleIndex<T extends readonly unknown[]> = number extends T["length"]
  ? number
  : { [P in keyof T]: P extends `${infer N extends number}` ? N : never }[number];

/** The field expressions of a record type. */
export type FieldExpression<T> = T extends readonly unknown[]
  ? TupleIndex<T>
  : T extends object
    ? keyof T & string
    : 0;

/** The type of field `F` of `T` (`T` itself for position 0 of a primitive). */
export type FieldType<T, F> = T extends readonly unknown[]
  ? F extends number
    ? T[F]
    : never
  : T extends object
    ? F extends keyof T
      ? T[F]
      : never
    : T;

/** Field expressions whose field type is assignable to `V`. */
export type FieldOfType<T, V> = {
  [F in FieldExpression<T>]: FieldType<T, F> extends V ? F : never;
}[FieldExpression<T>];

/** Fields `sum` accepts. */
export type NumericField<T> = FieldOfType<T, number | bigint>;

/** Fields `min`, `max`, `minBy`, `maxBy` accept. */
export type ComparableField<T> = FieldOfType<T, number | bigint | string | Date>;
