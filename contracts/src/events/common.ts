import { Type } from 'typebox';

/** The roles of SPEC §2, from least to most rights. */
export const roles = ['user', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];
export const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);
export const UserStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('deactivated')]);
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
