import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b}from"./chunk-YOKJ6J4L.js";import"./chunk-IWUTNNVR.js";import"./chunk-BXGIWRSM.js";import"./chunk-75RTZUPR.js";export{b as evidenceJsonSchema,a as evidenceSchema};
