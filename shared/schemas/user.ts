import { z } from "zod";

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

export const UserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: RoleSchema,
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
export const UsersResponseSchema = z.object({ users: z.array(UserSchema) });
export const UserResponseSchema = z.object({ user: UserSchema });
