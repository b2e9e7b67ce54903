import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-N76JW766.js";import"./chunk-2EDC7S3V.js";import"./chunk-YDGI3BBQ.js";import"./chunk-WTZI7KHG.js";import"./chunk-FKFQWUB5.js";import"./chunk-AFNZQJLY.js";import"./chunk-75RTZUPR.js";export{a as DEFAULT_MAX_BYTES,b as escapeMarkdown,c as renderMarkdown};
