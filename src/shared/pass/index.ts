export { PassSigner, PassVerifier, classifyCode, keyIdOf, PASS_PREFIX, MAX_PLATE_BYTES, type PassPayload, type PassCheck } from './codec';
