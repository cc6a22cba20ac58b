/** Issue 11 point 7: a test send to the shop's own phone, and where that number is kept; in the three languages. */
export const ownPhoneEn = {
  'ownPhone.title': 'Send a test to my own phone',
  'ownPhone.intro':
    'See the message as a customer will, on your own phone. Shopcast remembers the number for next time; it is not added to your contacts or to the audience.',
  'ownPhone.label': 'My phone number',
  'ownPhone.hint': 'With the area or mobile prefix; for a number from another country, start with + and its country code.',
  'ownPhone.normalized': 'The test goes to {phone}.',
  'ownPhone.sampleAs': 'The variables are filled in as for {name}.',
  'ownPhone.sampleNone': 'The variables use their fallback text.',
  'ownPhone.send': 'Send to my phone',
  'ownPhone.sending': 'Sending…',
  'ownPhone.suffix': 'test to my phone',
  'ownPhone.result': 'Test to {phone}: {status}.',
  'ownPhone.resultWhy': 'Reason: {reason}',
  'ownPhone.simulated': 'Simulated on the Sandbox: nothing reaches a real phone.',
  'ownPhone.version': 'Which version to send:',
  'ownPhone.failed': 'The test to your phone was not sent: {reason}',
} as const;

type Section = { readonly [K in keyof typeof ownPhoneEn]: string };

export const ownPhoneKo: Section = {
  'ownPhone.title': '내 휴대폰으로 테스트 보내기',
  'ownPhone.intro': '고객이 받을 메시지를 내 휴대폰에서 직접 확인해요. 번호는 다음에도 쓸 수 있게 기억하고, 연락처나 발송 대상에는 넣지 않아요.',
  'ownPhone.label': '내 휴대폰 번호',
  'ownPhone.hint': '지역번호나 010부터 입력하세요. 다른 나라 번호는 +와 국가 번호로 시작하세요.',
  'ownPhone.normalized': '테스트를 받을 번호: {phone}',
  'ownPhone.sampleAs': '변수는 {name} 님의 값으로 채워요.',
  'ownPhone.sampleNone': '변수는 대체 문구로 채워요.',
  'ownPhone.send': '내 휴대폰으로 보내기',
  'ownPhone.sending': '보내는 중…',
  'ownPhone.suffix': '내 휴대폰 테스트',
  'ownPhone.result': '{phone} 테스트: {status}',
  'ownPhone.resultWhy': '이유: {reason}',
  'ownPhone.simulated': '샌드박스 시뮬레이션이라 실제 휴대폰으로는 가지 않아요.',
  'ownPhone.version': '보낼 버전:',
  'ownPhone.failed': '내 휴대폰으로 테스트를 보내지 못했어요: {reason}',
};

export const ownPhoneZhHant: Section = {
  'ownPhone.title': '傳送測試到我的手機',
  'ownPhone.intro': '在自己的手機上看看顧客會收到的訊息。Shopcast 會記住這個號碼供下次使用，但不會把它加入聯絡人或傳送對象。',
  'ownPhone.label': '我的手機號碼',
  'ownPhone.hint': '請包含區碼或手機開頭的號碼；其他國家的號碼請以 + 和國碼開頭。',
  'ownPhone.normalized': '測試會傳送到 {phone}。',
  'ownPhone.sampleAs': '變數會以 {name} 的資料填入。',
  'ownPhone.sampleNone': '變數會使用備用文字。',
  'ownPhone.send': '傳送到我的手機',
  'ownPhone.sending': '傳送中…',
  'ownPhone.suffix': '我的手機測試',
  'ownPhone.result': '傳送到 {phone} 的測試：{status}。',
  'ownPhone.resultWhy': '原因：{reason}',
  'ownPhone.simulated': '這是沙盒模擬，不會傳到真正的手機。',
  'ownPhone.version': '要傳送的版本：',
  'ownPhone.failed': '測試沒有傳送到你的手機：{reason}',
};
