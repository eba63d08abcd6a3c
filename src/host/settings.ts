import { LIMITS } from '../shared/protocol';
import { BACKEND_PREFERENCES, type BackendPreference } from '../shared/vocabulary';

/**
 * The extension's settings, validated: an invalid value is reported and its default used.
 * No `vscode` import: the caller passes its configuration section.
 */
export interface Settings {
  backend: BackendPreference;
  maxTokens: number;
  followSelection: boolean;
}

export const DEFAULTS: Settings = { backend: 'auto', maxTokens: 512, followSelection: true };

export interface SettingsReading {
  settings: Settings;
  /** One line per invalid value, naming the setting, the value and the default used instead. */
  problems: string[];
}

/** Validates raw values (as read from any configuration source) into settings. */
export function parseSettings(raw: { backend?: unknown; maxTokens?: unknown; followSelection?: unknown }): SettingsReading {
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULTS };
  if (raw.backend !== undefined) {
    if (typeof raw.backend === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(raw.backend)) {
      settings.backend = raw.backend as BackendPreference;
    } else {
      problems.push(`transformerXray.backend is ${JSON.stringify(raw.backend)}; expected one of ${BACKEND_PREFERENCES.join(', ')}. Using "${DEFAULTS.backend}".`);
    }
  }
  if (raw.maxTokens !== undefined) {
    const n = raw.maxTokens;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= LIMITS.maxTokens) {
      settings.maxTokens = n;
    } else {
      problems.push(`transformerXray.maxTokens is ${JSON.stringify(n)}; expected an integer from 2 to ${LIMITS.maxTokens}. Using ${DEFAULTS.maxTokens}.`);
    }
  }
  if (raw.followSelection !== undefined) {
    if (typeof raw.followSelection === 'boolean') settings.followSelection = raw.followSelection;
    else problems.push(`transformerXray.followSelection is ${JSON.stringify(raw.followSelection)}; expected true or false. Using ${DEFAULTS.followSelection}.`);
  }
  return { settings, problems };
}

/** Reads from a configuration section such as `vscode.workspace.getConfiguration('transformerXray')`. */
export function readSettings(c: { get(key: string): unknown }): SettingsReading {
  return parseSettings({ backend: c.get('backend'), maxTokens: c.get('maxTokens'), followSelection: c.get('followSelection') });
}
