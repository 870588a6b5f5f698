/**
 * The settings of this process, as every entry point reads them (the bot, each CLI command, the
 * bench, the healthcheck): `.env` in the working folder (never overriding the real environment),
 * then resolveSettings on process.env and the command line's flags.
 */
import dotenv from "dotenv";
import { resolveSettings, type Config, type SettingsFlags } from "../config.js";

export function settingsFromProcess(flags: SettingsFlags = {}): Config {
  dotenv.config({ quiet: true });
  return resolveSettings(process.env, flags);
}
