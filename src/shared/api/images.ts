import { z } from 'zod';
import type { LotImage as LotImageSchema } from './spots';

export const LotImageParams = z.object({ id: z.uuid(), imageId: z.uuid() });
export const LotImageOrder = z.object({ image_ids: z.array(z.uuid()).min(1).max(50) }).strict();
export type LotImage = z.infer<typeof LotImageSchema>;
