/**
 * ROSTER_EVENTS=off stops writing provisioning events, for the benchmark's
 * comparison and as an emergency switch; anything else (or unset) records.
 */
export function isEventRecordingEnabled(): boolean {
  return process.env.ROSTER_EVENTS?.toLowerCase() !== "off";
}
