import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-TLVAMRSW.js";import"./chunk-2EDC7S3V.js";import"./chunk-ZUWAPBC4.js";import"./chunk-HHIGHDJ5.js";import"./chunk-FKFQWUB5.js";import"./chunk-77D6V6WT.js";import"./chunk-75RTZUPR.js";export{a as DEFAULT_MAX_BYTES,b as escapeMarkdown,c as renderMarkdown};
