import * as vscode from 'vscode';
import { BACKEND_PREFERENCES, type BackendPreference } from './protocol';

/** The extension's settings, validated: an invalid value is reported once and its default used. */
export interface Settings {
  backend: BackendPreference;
  maxTokens: number;
}

export const DEFAULTS: Settings = { backend: 'auto', maxTokens: 512 };

export interface SettingsReading {
  settings: Settings;
  /** One line per invalid value, naming the setting, the value and the default used instead. */
  problems: string[];
}

/** Validates raw values (as read from any configuration source) into settings. */
export function parseSettings(raw: { backend?: unknown; maxTokens?: unknown }): SettingsReading {
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
    if (typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= 4096) {
      settings.maxTokens = n;
    } else {
      problems.push(`transformerXray.maxTokens is ${JSON.stringify(n)}; expected an integer from 2 to 4096. Using ${DEFAULTS.maxTokens}.`);
    }
  }
  return { settings, problems };
}

export function readSettings(): SettingsReading {
  const c = vscode.workspace.getConfiguration('transformerXray');
  return parseSettings({ backend: c.get('backend'), maxTokens: c.get('maxTokens') });
}
