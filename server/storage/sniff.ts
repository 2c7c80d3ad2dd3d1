// Decides what an upload is from its bytes, never from its file name or declared type: a renamed
// executable or an HTML page posing as a .png is refused.
import { fileTypeFromBuffer } from 'file-type';

export const IMAGE_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const;
export type ImageType = keyof typeof IMAGE_TYPES;

export class UploadRejected extends Error {
  constructor(
    readonly reason: 'too_large' | 'empty' | 'unsupported_type',
    message: string,
  ) {
    super(message);
  }
}

export interface SniffedImage {
  contentType: ImageType;
  extension: (typeof IMAGE_TYPES)[ImageType];
}

export async function sniffImage(bytes: Uint8Array, maxBytes: number): Promise<SniffedImage> {
  if (bytes.length === 0) throw new UploadRejected('empty', 'the file is empty');
  if (bytes.length > maxBytes) throw new UploadRejected('too_large', `images may be at most ${maxBytes} bytes`);
  const found = await fileTypeFromBuffer(bytes);
  const mime = found?.mime as string | undefined;
  if (!mime || !(mime in IMAGE_TYPES)) {
    throw new UploadRejected('unsupported_type', `only ${Object.keys(IMAGE_TYPES).join(', ')} images are accepted`);
  }
  const contentType = mime as ImageType;
  return { contentType, extension: IMAGE_TYPES[contentType] };
}
