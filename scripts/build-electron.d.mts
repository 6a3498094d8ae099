import type { BuildResult, Metafile, Plugin } from 'esbuild';

export declare const DEFAULT_OUTDIR: string;
export declare function buildMain(options?: { outdir?: string; plugins?: Plugin[] }): Promise<BuildResult & { metafile: Metafile }>;
export declare function buildWorker(options?: { outdir?: string }): Promise<BuildResult & { metafile: Metafile }>;
export declare function buildPreload(options?: { outdir?: string }): Promise<BuildResult & { metafile: Metafile }>;
export declare function checkPreloadBundle(metafile: Metafile): void;
