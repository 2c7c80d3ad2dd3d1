import { z } from 'zod';
import { InstantOut, NonEmptyText } from './common';

export const UserType = z.enum(['customer', 'owner', 'admin']);
export type UserType = z.infer<typeof UserType>;

const Phone = z.string().trim().regex(/^\+?[0-9 ()-]{3,20}$/, 'expected a phone number').max(20);
const Url = z.url({ protocol: /^https?$/ }).max(2048);

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  user_type: UserType,
  email_verified: z.boolean(),
  profile_image_url: z.string().nullable(),
  created_at: InstantOut,
  updated_at: InstantOut,
  last_login: InstantOut.nullable(),
  is_active: z.boolean(),
});
export type User = z.infer<typeof User>;

export const ProfileUpdate = z
  .object({ name: NonEmptyText(255), phone: Phone.nullable(), profile_image_url: Url.nullable() })
  .partial()
  .strict();

export const Settings = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'expected a language code such as en or pt-BR'),
  booking_reminders: z.boolean(),
  email_notifications: z.boolean(),
  push_notifications: z.boolean(),
  promotions: z.boolean(),
  system_updates: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;
export const SettingsUpdate = Settings.partial().strict();

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(255));
/** Long passphrases welcome; the cap keeps hashing cost bounded. */
export const Password = z.string().min(8, 'at least 8 characters').max(128);

export const RegisterBody = z
  .object({
    email: Email,
    password: Password,
    name: NonEmptyText(255),
    phone: Phone.optional(),
    /** Admins are never self-registered. */
    user_type: z.enum(['customer', 'owner']).default('customer'),
  })
  .strict();
export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(128) }).strict();
export const RefreshBody = z.object({ refresh_token: z.string().min(1).max(2048) }).strict();
export const ForgotPasswordBody = z.object({ email: Email }).strict();
export const ResetPasswordBody = z.object({ token: z.string().min(1).max(512), password: Password }).strict();

export const TokenPair = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expires_in: z.number().int(),
  user: User,
});
export type TokenPair = z.infer<typeof TokenPair>;
