export { type Storage, type StoredObject, BadKeyError, IMAGE_ROUTE_PREFIX, KEY_PATTERN, assertKey, keyOfUrl, putUpload } from './storage';
export { diskStorage } from './disk';
export { s3Storage, type S3Options } from './s3';
export { storageFromEnv, type StorageSettings } from './config';
export { sniffImage, UploadRejected, IMAGE_TYPES, type ImageType, type SniffedImage } from './sniff';
export { newImageKey } from './keys';
export { enableImageUploads, readImageUpload, type ImageUpload } from './upload';
export { imageServeRoutes } from './routes';
export { lotImageRoutes, type LotImageRouteOptions } from './lot-image-routes';
