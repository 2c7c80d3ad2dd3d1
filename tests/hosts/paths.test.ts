import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererDir, resolveDataDir } from '../../src/main/paths';

describe('booth data folder', () => {
  it('is PARKPASS_DATA_DIR when set, else <userData>/booth in Electron, else ./data/booth', () => {
    expect(resolveDataDir({ PARKPASS_DATA_DIR: '/srv/booth' }, '/home/a/.config/ParkPass')).toBe('/srv/booth');
    expect(resolveDataDir({}, '/home/a/.config/ParkPass')).toBe(join('/home/a/.config/ParkPass', 'booth'));
    expect(resolveDataDir({})).toBe(resolve('data', 'booth'));
  });

  it('serves the renderer from out/renderer of the project, or PARKPASS_RENDERER_DIR', () => {
    expect(rendererDir({})).toBe(join(process.cwd(), 'out', 'renderer'));
    expect(rendererDir({ PARKPASS_RENDERER_DIR: '/opt/pp/renderer' })).toBe('/opt/pp/renderer');
  });
});
