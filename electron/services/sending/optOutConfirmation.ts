/** DOMAIN.md §4: the one message after an opt-out, in the shop's language, sent only when the Cloud API is connected. */
import type { Settings } from '../../../shared/domain/settings';
import type { Clock } from '../engine';
import type { CloudSetupService } from '../cloudSetup';
import { CloudApiTransport } from '../transports/cloudApi';

export const OPT_OUT_CONFIRMATION: Record<Settings['language'], (shop: string) => string> = {
  en: (shop) => `Done: you will no longer receive marketing messages${shop ? ` from ${shop}` : ''}.`,
  ko: (shop) => `${shop ? `${shop}의 ` : ''}광고 메시지 수신 거부가 처리되었습니다.`,
  'zh-Hant': (shop) => `已為您取消訂閱，您將不再收到${shop ? `${shop}的` : ''}行銷訊息。`,
};

export interface OptOutConfirmationDeps {
  cloud: Pick<CloudSetupService, 'transportConfig'>;
  settings: () => Promise<Pick<Settings, 'language' | 'shopName'>>;
  clock: Pick<Clock, 'now'>;
}

/** The person just wrote, so their service window is open for text. A failure changes nothing (the STOP is stored). */
export async function confirmOptOut(deps: OptOutConfirmationDeps, contact: string): Promise<void> {
  const config = await deps.cloud.transportConfig();
  if (!config) return;
  const { language, shopName } = await deps.settings();
  const body = OPT_OUT_CONFIRMATION[language](shopName.trim());
  await new CloudApiTransport(config).send({ jobId: `optout_${deps.clock.now().toString(36)}`, to: contact, content: { kind: 'text', body } }).catch(() => undefined);
}
