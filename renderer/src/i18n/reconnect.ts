/**
 * The banner shown while the window has lost the app core (issue 11, point 5), in the three languages. Each sentence
 * says only what is true at that moment: retrying, the host not running, or a host that no longer accepts this window.
 * Spread into en.ts / ko.ts / zhHant.ts, so `Dictionary` still checks that every language has every key.
 */
export const reconnectEn = {
  'reconnect.retrying': "Reconnecting to Shopcast… Your contacts and labels still work; settings can't be saved until it's back.",
  'reconnect.notRunning':
    'Shopcast is not running. Start it again (npm start); this window reconnects by itself. Your contacts and labels still work meanwhile.',
  'reconnect.newSession':
    'Shopcast is running again, but with a new session this window cannot join. Close this window and start Shopcast again (npm start): it opens a new one with all your data.',
};

export const reconnectKo: Record<keyof typeof reconnectEn, string> = {
  'reconnect.retrying': 'Shopcast에 다시 연결하고 있어요… 연락처와 라벨은 그대로 쓸 수 있지만, 연결될 때까지 설정은 저장할 수 없어요.',
  'reconnect.notRunning':
    'Shopcast가 실행되고 있지 않아요. 다시 시작해 주세요(npm start). 이 창은 저절로 다시 연결돼요. 그동안에도 연락처와 라벨은 쓸 수 있어요.',
  'reconnect.newSession':
    'Shopcast가 다시 실행됐지만 새 세션이라 이 창은 연결할 수 없어요. 이 창을 닫고 Shopcast를 다시 시작해 주세요(npm start). 모든 데이터가 담긴 새 창이 열려요.',
};

export const reconnectZhHant: Record<keyof typeof reconnectEn, string> = {
  'reconnect.retrying': '正在重新連線到 Shopcast… 聯絡人和標籤仍可使用；恢復連線前無法儲存設定。',
  'reconnect.notRunning': 'Shopcast 目前沒有執行。請再啟動一次（npm start），這個視窗會自動重新連線。在此期間聯絡人和標籤仍可使用。',
  'reconnect.newSession':
    'Shopcast 已重新執行，但使用的是新的工作階段，這個視窗無法加入。請關閉這個視窗，再啟動一次 Shopcast（npm start），它會開啟一個包含所有資料的新視窗。',
};
