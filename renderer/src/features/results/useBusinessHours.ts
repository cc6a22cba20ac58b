/**
 * The shop's business hours as the Automation screen keeps them (main's `automation.json`, `automation:get`), for
 * the response-time figures "counting business hours only" (shared/domain/inbox/responseTimes.ts). Null while
 * loading, when no hours are set, or when main cannot say (then every hour counts, and the card says so).
 */
import { useEffect, useState } from 'react';
import { parseAutomation, type BusinessHours } from '../../../../shared/domain/automation/rules';
import { useBridge } from '../../components/useBridge';

export function businessHoursOf(rules: unknown): BusinessHours | null {
  const parsed = parseAutomation(JSON.stringify(rules ?? {}));
  const hours = parsed.ok ? parsed.value.businessHours : undefined;
  // Hours with no open range on any day say nothing about when the shop answers.
  return hours && Object.values(hours.days).some((ranges) => (ranges?.length ?? 0) > 0) ? hours : null;
}

export function useBusinessHours(): BusinessHours | null {
  const bridge = useBridge();
  const [hours, setHours] = useState<BusinessHours | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.call('automation:get').then(
      (r) => live && r.ok && setHours(businessHoursOf(r.value.rules)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  return hours;
}
