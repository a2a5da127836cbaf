import { createRequire } from 'node:module';
import type * as IpAddr from 'ipaddr.js';
import type * as Picomatch from 'picomatch';

const require = createRequire(import.meta.url);

/**
 * ipaddr.js and picomatch are CommonJS modules that replace `module.exports`: under this project's
 * settings (no esModuleInterop) they cannot be default-imported, and Node gives a namespace import only
 * their `default`. Loading them with require keeps both the types and the runtime right.
 */
export const ipaddr = require('ipaddr.js') as typeof IpAddr;
/** picomatch's main function (a namespace import of its types keeps no call signature). */
export const picomatch = require('picomatch') as (glob: string | string[], options?: Picomatch.PicomatchOptions) => (test: string) => boolean;
