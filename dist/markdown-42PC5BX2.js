import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-H2J2GUCT.js";import"./chunk-2EDC7S3V.js";import"./chunk-RDUIQLCM.js";import"./chunk-OMU6FMRF.js";import"./chunk-FKFQWUB5.js";import"./chunk-MCUOHMM4.js";import"./chunk-75RTZUPR.js";export{a as DEFAULT_MAX_BYTES,b as escapeMarkdown,c as renderMarkdown};
