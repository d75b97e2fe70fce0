import { IsOptional, IsString, ValidateNested, IsObject } from 'class-validator';
import { Type } from 'class-transformer';
import { PageQuery } from '../pagination/page';
import { ValidationProblem } from '../http/problem.exception';
import { createValidationPipe } from './validation.pipe';

class Child {
  @IsString()
  name!: string;
}

class Parent {
  @IsOptional()
  @IsString()
  title?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => Child)
  child?: Child;
}

const pipe = createValidationPipe();
const fieldsRefused = async (value: unknown, metatype: new () => object, type: 'body' | 'query' = 'body') => {
  try {
    await pipe.transform(value, { type, metatype });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error;
    return error.errors.map((fieldError) => fieldError.field);
  }
};

describe('createValidationPipe', () => {
  it('refuses the keys Nest and class-transformer would drop silently, at any depth', async () => {
    expect(await fieldsRefused({ title: 'x', toString: 1, constructor: 'x', prototype: {} }, Parent)).toEqual(
      expect.arrayContaining(['toString', 'constructor', 'prototype']),
    );
    expect(await fieldsRefused({ child: { name: 'x', hasOwnProperty: true } }, Parent)).toEqual([
      'child.hasOwnProperty',
    ]);
  });

  it('refuses a getter of the DTO given as a query parameter instead of failing on it', async () => {
    expect(await fieldsRefused({ offset: '10' }, PageQuery, 'query')).toEqual(['offset']);
  });

  it('refuses a null body, which Nest would read as an empty one', async () => {
    expect(await fieldsRefused(null, Parent)).toEqual(['body']);
  });

  it('still takes what the DTO declares', async () => {
    expect(await fieldsRefused({ title: 'x', child: { name: 'y' } }, Parent)).toEqual([]);
    expect(await fieldsRefused({ page: '2' }, PageQuery, 'query')).toEqual([]);
  });
});
