/**
 * Which file names an export from the panel may suggest: names every desktop system accepts as a
 * plain file in a folder. The user still picks the place in VS Code's save dialog; this keeps a
 * compromised webview from suggesting a device, a path or a name that a system changes silently.
 */

/** Longest suggested name. */
export const MAX_EXPORT_NAME_LENGTH = 100;

/**
 * Windows device names, refused with any extension (`nul.png` is the NUL device) and in any case.
 * https://learn.microsoft.com/windows/win32/fileio/naming-a-file
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * Why `name` cannot be suggested, or undefined when it can. Allowed: ASCII letters, digits, `_`,
 * `-`, `.`, `(`, `)` and inner spaces, which excludes what Windows reserves (`<>:"/\|?*`, control
 * characters), macOS (`:`) and Linux (`/`, NUL) refuse; not hidden (leading `.`, also `.` and
 * `..`), no leading or trailing space and no trailing dot (Windows drops those), no device name.
 */
export function exportNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_EXPORT_NAME_LENGTH) {
    return `suggestedName must be a file name of 1 to ${MAX_EXPORT_NAME_LENGTH} characters`;
  }
  if (!/^[\w .()-]+$/.test(name)) return 'suggestedName may hold only letters, digits, spaces and _ - . ( )';
  if (name.startsWith('.')) return 'suggestedName must not start with a dot (a hidden file)';
  if (name.startsWith(' ') || name.endsWith(' ') || name.endsWith('.')) return 'suggestedName must not start or end with a space, nor end with a dot';
  if (WINDOWS_DEVICE.test(name)) return 'suggestedName must not be a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9)';
  return undefined;
}
