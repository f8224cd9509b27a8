import { z } from "zod";
import { pageOf } from "./page";

export const roles = ["admin", "researcher", "annotator"] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .min(2, "username must have at least 2 characters")
  .max(64, "username must have at most 64 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "username may hold only letters, digits, '_', '.' and '-'");

export const PasswordSchema = z
  .string()
  .min(8, "password must have at least 8 characters")
  .max(256, "password must have at most 256 characters");

/** The interface languages; a user's choice, or null to follow the browser's languages. */
export const interfaceLanguages = ["en", "zh"] as const;
export const InterfaceLanguageSchema = z.enum(interfaceLanguages);
export type InterfaceLanguage = z.infer<typeof InterfaceLanguageSchema>;

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: RoleSchema,
  /** A disabled account keeps its work but cannot sign in; its sessions and tokens are refused. */
  disabled: z.boolean(),
  /** The interface language the user chose; null follows their browser. */
  language: InterfaceLanguageSchema.nullable(),
  created_at: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginBodySchema = z.strictObject({
  username: z.string().min(1, "username is required").max(64),
  password: z.string().min(1, "password is required").max(256),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const CreateUserBodySchema = z.strictObject({
  username: UsernameSchema,
  role: RoleSchema,
  password: PasswordSchema,
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const MeResponseSchema = z.object({ user: UserSchema });
/** Answer of GET /api/users (a page, docs/decisions/032-one-pagination-convention.md). */
export const UsersResponseSchema = pageOf(UserSchema);
export const UserResponseSchema = z.object({ user: UserSchema });

/** An admin's change to an account: its role, or whether it is disabled (at least one of them). */
export const UpdateUserBodySchema = z
  .strictObject({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, "give role or disabled");
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>;

/** An admin resets a password: the given one, else a random one shown once in the answer. */
export const ResetPasswordBodySchema = z.strictObject({ password: PasswordSchema.optional() });
export const ResetPasswordResponseSchema = z.object({ user: UserSchema, password: z.string() });

/** Everyone changes their own password, proving they know the current one. */
export const ChangePasswordBodySchema = z.strictObject({
  current_password: z.string().min(1, "current_password is required").max(256),
  new_password: PasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const EndedSessionsResponseSchema = z.object({ ended: z.number().int() });

/** A signed-in user sets their own interface language (null: follow the browser again). */
export const LanguageBodySchema = z.strictObject({ language: InterfaceLanguageSchema.nullable() });
