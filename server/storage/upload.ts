// Reading one uploaded image from a multipart request: the size cap is enforced while streaming (the
// bytes past it are never buffered), and the type is decided by sniffing the content.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';
import { sniffImage, UploadRejected, type SniffedImage } from './sniff';

export async function enableImageUploads(app: FastifyInstance, maxBytes: number): Promise<void> {
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 } });
}

export interface ImageUpload {
  bytes: Buffer;
  image: SniffedImage;
}

export async function readImageUpload(request: FastifyRequest, maxBytes: number): Promise<ImageUpload> {
  if (!request.isMultipart()) throw new ApiError(415, 'unsupported_media_type', 'send the image as multipart/form-data (field "file")');
  let bytes: Buffer;
  try {
    const file = await request.file();
    if (!file) throw new ApiError(400, 'file_missing', 'no file in the upload (field "file")');
    bytes = await file.toBuffer();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ApiError(413, 'too_large', `images may be at most ${maxBytes} bytes`);
    if (code?.startsWith('FST_')) throw new ApiError(400, 'bad_upload', (err as Error).message);
    throw err;
  }
  try {
    return { bytes, image: await sniffImage(bytes, maxBytes) };
  } catch (err) {
    if (!(err instanceof UploadRejected)) throw err;
    const status = err.reason === 'too_large' ? 413 : err.reason === 'empty' ? 400 : 415;
    throw new ApiError(status, err.reason, err.message);
  }
}
