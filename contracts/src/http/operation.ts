// An operation one service offers another over HTTP (DESIGN §2): its route and schemas, written once and used by
// the owner's route and by every caller, so a change that breaks a caller does not compile.
import { Type, type Static, type TSchema } from 'typebox';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The problem+json body of every refusal (SPEC §1). A caller reads it leniently: the status is the answer, and a
 * JSON object with none of these members is still a refusal (a body that is not JSON at all is not an answer).
 */
export const ProblemSchema = Type.Object({
  type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() })))
});
export type Problem = Static<typeof ProblemSchema>;

export interface Operation<
  Params extends TSchema = TSchema,
  Body extends TSchema | undefined = TSchema | undefined,
  Responses extends Readonly<Record<number, TSchema>> = Readonly<Record<number, TSchema>>
> {
  /** The owning service, as named in the registry. */
  service: string;
  method: HttpMethod;
  /** In the router's form, `/clients/:id`. */
  route: string;
  params: Params;
  body: Body;
  /**
   * Every answer a caller takes as an answer, by status; any other status (a 5xx, an unexpected code) or a body
   * that does not match counts as the instance failing.
   */
  responses: Responses;
}

export function defineOperation<
  Params extends TSchema,
  Body extends TSchema | undefined,
  Responses extends Readonly<Record<number, TSchema>>
>(operation: Operation<Params, Body, Responses>): Operation<Params, Body, Responses> {
  return operation;
}

/** What a caller gets back: one of the operation's statuses with its body. */
export type Answer<O extends Operation> = {
  [S in keyof O['responses'] & number]: { status: S; body: Static<O['responses'][S]>; headers: Headers };
}[keyof O['responses'] & number];
