import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-HTUEU6VG.js";import"./chunk-2EDC7S3V.js";import"./chunk-FKFQWUB5.js";import"./chunk-SOIX3YHP.js";import"./chunk-LS37E7B6.js";import"./chunk-EXNB5ZT6.js";import"./chunk-75RTZUPR.js";export{a as DEFAULT_MAX_BYTES,b as escapeMarkdown,c as renderMarkdown};
