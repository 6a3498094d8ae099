/**
 * Paths are capabilities, not strings: every Api input that names a file goes through a transport's
 * path check before the core sees it. Electron checks the path against what the user chose
 * (electron/path-grants.ts); the loopback bridge keeps paths inside its own folders
 * (web/path-confinement.ts). This wrapper is the one place that knows which inputs carry a path and
 * what each is used for, so neither transport can forget a method.
 */
import type { Api } from '../contract/api.ts';

/**
 * What a path is used for:
 * - `read`: a list, snapshot or definitions file that is only read;
 * - `case`: a case file that is opened, so read and written in place;
 * - `save`: a case file written by "Save case as" (created or replaced);
 * - `export`: a folder that export files are written into.
 */
export type PathAccess = 'read' | 'case' | 'save' | 'export';

export interface PathCheck {
  /** The path the core should use, or an ApiError (path.not_granted, path.outside). */
  check(path: string, access: PathAccess): string;
  /** Sees appInfo's answer: the samples and recent cases it offers are paths the user may pick. */
  offered?(info: Awaited<ReturnType<Api['appInfo']>>): void;
  /** Sees a case file the user saved: it is a case they may open again (it joins the recent list). */
  saved?(casePath: string): void;
}

/** The Api with each path checked for its use before the real method runs. */
export function guardApiPaths(api: Api, guard: PathCheck): Api {
  return {
    ...api,
    async appInfo(input) {
      const info = await api.appInfo(input);
      guard.offered?.(info);
      return info;
    },
    openFile: (input) => api.openFile({
      ...input, path: guard.check(input.path, 'read'),
      ...(input.snapshot !== undefined ? { snapshot: guard.check(input.snapshot, 'read') } : {}),
      ...(input.definitions !== undefined ? { definitions: guard.check(input.definitions, 'read') } : {}),
    }),
    openCase: (input) => api.openCase({ ...input, path: guard.check(input.path, 'case') }),
    async saveCaseAs(input) {
      const saved = await api.saveCaseAs({ ...input, path: guard.check(input.path, 'save') });
      guard.saved?.(saved.casePath);
      return saved;
    },
    loadSnapshot: (input) => api.loadSnapshot({ ...input, path: guard.check(input.path, 'read') }),
    loadDefinitions: (input) => api.loadDefinitions({ ...input, path: guard.check(input.path, 'read') }),
    exportFiles: (input) => api.exportFiles({ ...input, dir: guard.check(input.dir, 'export') }),
  };
}
