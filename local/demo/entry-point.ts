import { realpathSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the script
 * Node was started with (`process.argv[1]`): compared as file paths of the
 * platform, through symbolic links, case-insensitively on Windows, where the
 * script path has backslashes and a drive letter that no `file://` string
 * built by hand matches.
 *
 * @param windows compare as Windows paths (default: when running on Windows)
 */
export function isEntryPoint(moduleUrl: string, script: string | undefined, windows = process.platform === 'win32'): boolean {
  if (!script) return false;
  const path = windows ? win32 : posix;
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  };
  const modulePath = real(fileURLToPath(moduleUrl, { windows }));
  const scriptPath = real(path.resolve(script));
  return windows ? modulePath.toLowerCase() === scriptPath.toLowerCase() : modulePath === scriptPath;
}
