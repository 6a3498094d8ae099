import type { BuildResult, Metafile } from 'esbuild';

export declare const CLI_BUNDLE: string;
export declare function buildCli(options?: { outfile?: string }): Promise<BuildResult & { metafile: Metafile }>;
