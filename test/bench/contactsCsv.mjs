// The benchmark contact list: what a Korean shop's export looks like (DOMAIN.md §5), generated deterministically.
// Deterministic pseudo-random numbers so every run cleans the same file.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '똠'];
const GIVEN = ['민준', '서연', '도윤', '지우', '하은', '예준', '수아', '시우', 'Anna', 'Ben'];
const LABELS = ['VIP', '단골', '신규', '도매', 'Instagram', ''];

/** One Korean mobile number written the ways customers and Excel write it. */
function formats(n) {
  const a = String(1000 + (n % 9000));
  const b = String(1000 + Math.floor(n / 9000) % 9000);
  return [`010-${a}-${b}`, `+82 10 ${a} ${b}`, `82-10-${a}-${b}`, `010${a}${b}`, `10${a}${b}`, `０１０－${a}－${b}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), `(010) ${a} ${b}`];
}

export function makeCsv(rows) {
  const lines = ['이름,전화번호,태그'];
  const unique = Math.round(rows * 0.9);
  for (let i = 0; i < rows; i++) {
    const name = `${pick(FAMILY)}${pick(GIVEN)}`;
    const label = pick(LABELS);
    if (rand() < 0.05) lines.push(`${name},${pick(['8.21012E+11', '123', 'call me', '010-12', ''])},${label}`);
    else {
      // The last 10% repeat earlier numbers in another format.
      const n = i < unique ? i : Math.floor(rand() * unique);
      lines.push(`${name},${pick(formats(n))},${label}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

