// Must be the renderer's first import: zod probes `new Function` when a schema is built, which our
// Content-Security-Policy (no 'unsafe-eval') blocks and reports as a console error. Jitless mode skips the probe.
import { z } from 'zod';

z.config({ jitless: true });
