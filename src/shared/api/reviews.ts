import { z } from 'zod';
import { InstantOut, PageQuery, Text } from './common';

export const ReviewImage = z.object({ id: z.uuid(), image_url: z.string(), created_at: InstantOut });

export const Review = z.object({
  id: z.uuid(),
  spot_id: z.uuid(),
  booking_id: z.uuid().nullable(),
  /** Null for an anonymous review, except to its author and admins. */
  user_id: z.uuid().nullable(),
  user_name: z.string().nullable(),
  rating: z.number().int().min(1).max(5),
  comment: z.string().nullable(),
  is_anonymous: z.boolean(),
  images: z.array(ReviewImage),
  created_at: InstantOut,
  updated_at: InstantOut,
});
export type Review = z.infer<typeof Review>;

const Rating = z.number().int().min(1).max(5);

export const ReviewCreate = z
  .object({
    booking_id: z.uuid(),
    rating: Rating,
    comment: Text(2000).nullable().optional(),
    is_anonymous: z.boolean().default(false),
  })
  .strict();

export const ReviewUpdate = z
  .object({ rating: Rating, comment: Text(2000).nullable(), is_anonymous: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');

export const ReviewListQuery = PageQuery.extend({
  sort: z.enum(['newest', 'highest', 'lowest']).default('newest'),
});

export const ReviewPage = z.object({
  items: z.array(Review),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  /** The lot's average (2 decimals) and count, as kept on the lot. */
  rating: z.number(),
  review_count: z.number().int(),
});

export const SpotIdParams = z.object({ spotId: z.uuid() });
export const ReviewImageParams = z.object({ id: z.uuid(), imageId: z.uuid() });
export type ReviewImage = z.infer<typeof ReviewImage>;
