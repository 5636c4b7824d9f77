import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { Nullable, NullableTimestamp } from './common-schemas.js';

describe('Nullable', () => {
  it('is a type list for a schema with one type (serialized with a typeof test, not a validator per branch)', () => {
    expect(Nullable(Type.String({ maxLength: 3 }))).toMatchObject({ type: ['string', 'null'], maxLength: 3 });
    expect(NullableTimestamp).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
    expect(Nullable(Type.Integer())).not.toHaveProperty('anyOf');
  });

  it('keeps anyOf for a union, which has no single type', () => {
    const u = Nullable(Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]));
    expect(u).toMatchObject({ anyOf: [{ anyOf: expect.any(Array) }, { type: 'null' }] });
  });
});
