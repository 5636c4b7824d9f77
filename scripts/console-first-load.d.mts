export declare const FIRST_LOAD_BUDGET: number;
export interface FirstLoadFile { file: string; bytes: number; encoding: 'br' | 'identity'; raw: number; gzip: number }
export declare function firstLoad(dir: string): { files: FirstLoadFile[]; total: number; totalGzip: number; totalRaw: number };
