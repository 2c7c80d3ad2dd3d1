import type { users } from '../../db/central/schema';
import type { User } from '../../src/shared/api/users';

type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    user_type: row.userType,
    email_verified: row.emailVerified,
    profile_image_url: row.profileImageUrl,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_login: row.lastLogin?.toISOString() ?? null,
    is_active: row.isActive,
  };
}
