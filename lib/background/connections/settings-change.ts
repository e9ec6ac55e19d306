import { ensurePollAlarm, pollAll } from '../badge/poll';
import { applyHostRules } from '../setup/host-rules';

/** Applies saved settings: header rule and content script for the hosts, alarm period, a fresh count for the badge. */
export async function afterSettingsChange(): Promise<void> {
  await applyHostRules();
  await ensurePollAlarm();
  void pollAll({ force: true });
}
