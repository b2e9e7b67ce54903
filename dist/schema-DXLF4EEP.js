import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);
import{a,b}from"./chunk-XRRFMDEY.js";import"./chunk-67UQE24Y.js";import"./chunk-75RTZUPR.js";export{b as evidenceJsonSchema,a as evidenceSchema};
