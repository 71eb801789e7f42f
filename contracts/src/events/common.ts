import { Type } from 'typebox';

export const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);
export const UserStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('deactivated')]);
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
