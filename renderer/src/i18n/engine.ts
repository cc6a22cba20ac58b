/**
 * What the sending engine tells the person (why a campaign waits, why it paused), worded here from main's codes and
 * numbers (issue 11 §6, issue 12 §3). Main still sends its English sentence alongside: the CLI and the logs read
 * that, and the screen shows it only for a code this file has no words for (an old journal, a newer core).
 * Spread into en.ts / ko.ts / zhHant.ts, so `Dictionary` checks that every language has every key.
 */
export const engineEn = {
  'engine.wait.rate': 'At most {rate} messages a second.',
  'engine.wait.rateAccount': 'WhatsApp asked this account to slow down: the whole queue waits.',
  'engine.wait.hourly_cap': 'At most {cap} messages an hour.',
  'engine.wait.daily_cap': 'At most {cap} messages a day.',
  'engine.wait.dailyWarmup': 'At most {cap} messages a day while the number warms up.',
  'engine.wait.dailyHalved': 'At most {cap} messages a day for now: the limit was halved after many failures.',
  'engine.wait.batch_gap': 'Over {threshold} a day, messages go in batches of {size}, {hours} hours apart.',
  'engine.wait.quiet_hours': 'Never between {start} and {end} in the customer’s local time.',
  'engine.wait.pair_gap': 'At least {seconds} seconds between two messages to the same person.',
  'engine.wait.contact_frequency': 'At most {cap} promotional messages to one person in 24 hours.',
  'engine.wait.messaging_limit': 'WhatsApp lets this number reach {limit} new people a day outside a conversation.',
  'engine.wait.assisted': 'Waiting for you to send the message in WhatsApp and mark it.',
  'engine.wait.scheduled': 'Starts at {time}.',
} as const;

type Section = { readonly [K in keyof typeof engineEn]: string };

export const engineKo: Section = {
  'engine.wait.rate': '1초에 최대 {rate}개까지 보내요.',
  'engine.wait.rateAccount': 'WhatsApp에서 이 계정의 발송 속도를 늦춰 달라고 해서 모든 발송이 기다리고 있어요.',
  'engine.wait.hourly_cap': '1시간에 최대 {cap}개까지 보내요.',
  'engine.wait.daily_cap': '하루에 최대 {cap}개까지 보내요.',
  'engine.wait.dailyWarmup': '번호를 길들이는 동안에는 하루에 최대 {cap}개까지 보내요.',
  'engine.wait.dailyHalved': '실패가 많아서 한도를 절반으로 줄였어요. 지금은 하루에 최대 {cap}개까지 보내요.',
  'engine.wait.batch_gap': '하루에 {threshold}개가 넘으면 {size}개씩 {hours}시간 간격으로 나눠 보내요.',
  'engine.wait.quiet_hours': '고객의 현지 시간으로 {start}부터 {end}까지는 보내지 않아요.',
  'engine.wait.pair_gap': '같은 사람에게 보내는 메시지 사이에는 {seconds}초 이상 간격을 둬요.',
  'engine.wait.contact_frequency': '한 사람에게 24시간 동안 홍보 메시지는 최대 {cap}개까지 보내요.',
  'engine.wait.messaging_limit': 'WhatsApp에서 이 번호는 대화 밖의 새로운 사람에게 하루 {limit}명까지 보낼 수 있어요.',
  'engine.wait.assisted': 'WhatsApp에서 메시지를 보낸 다음 보냈다고 표시해 주세요.',
  'engine.wait.scheduled': '{time}에 시작해요.',
};

export const engineZhHant: Section = {
  'engine.wait.rate': '每秒最多 {rate} 則。',
  'engine.wait.rateAccount': 'WhatsApp 要求這個帳號放慢速度，整個佇列都在等待。',
  'engine.wait.hourly_cap': '每小時最多 {cap} 則。',
  'engine.wait.daily_cap': '每天最多 {cap} 則。',
  'engine.wait.dailyWarmup': '號碼暖機期間，每天最多 {cap} 則。',
  'engine.wait.dailyHalved': '因為失敗太多，上限已減半：目前每天最多 {cap} 則。',
  'engine.wait.batch_gap': '每天超過 {threshold} 則時，每批 {size} 則，間隔 {hours} 小時。',
  'engine.wait.quiet_hours': '在顧客當地時間 {start} 到 {end} 之間不傳送。',
  'engine.wait.pair_gap': '傳給同一個人的兩則訊息至少間隔 {seconds} 秒。',
  'engine.wait.contact_frequency': '24 小時內傳給同一個人的促銷訊息最多 {cap} 則。',
  'engine.wait.messaging_limit': 'WhatsApp 允許這個號碼每天在對話以外聯絡 {limit} 位新對象。',
  'engine.wait.assisted': '請在 WhatsApp 傳送訊息，然後標記為已傳送。',
  'engine.wait.scheduled': '{time} 開始。',
};
